'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { changeNameAction } from '@/app/actions/profile';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { myNameSchema } from '@/lib/auth/name.schema';

type Values = z.input<typeof myNameSchema>;

/** Your name as your colleagues see it, in every organisation you belong to. */
export function NameForm({ name }: { name: string }) {
  const router = useRouter();
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm<Values>({ resolver: zodResolver(myNameSchema), defaultValues: { name } });
  const { errors, isSubmitting, isDirty } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setSaved(null);
    const result = await changeNameAction(values);
    if (!result.ok) return form.setError('name', { message: result.fieldErrors.name?.[0] ?? result.message });
    form.reset({ name: result.data.name });
    setSaved(result.data.name);
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex max-w-md flex-wrap items-end gap-3" data-testid="name-form">
      {saved ? (
        <div className="w-full">
          <Alert tone="success">Your name is now “{saved}”.</Alert>
        </div>
      ) : null}
      <div className="grow">
        <TextField label="Name" autoComplete="name" maxLength={120} error={errors.name?.message} {...form.register('name')} />
      </div>
      <Button type="submit" variant="secondary" disabled={isSubmitting || !isDirty}>
        {isSubmitting ? 'Saving…' : 'Save name'}
      </Button>
    </form>
  );
}
