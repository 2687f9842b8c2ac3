'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { createCourseAction } from '@/app/actions/training';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { useToast } from '@/components/ui/toast';
import { courseCreateSchema, courseLevels } from '@/lib/crm/training.schema';

/** Add a course to the catalogue: what certification it leads to and for how long it is valid. */
export function CourseForm() {
  const router = useRouter();
  const toast = useToast();
  const form = useForm({ resolver: zodResolver(courseCreateSchema), defaultValues: { level: 'foundation' as const } });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    const result = await createCourseAction(values);
    if (!result.ok) {
      for (const [field, messages] of Object.entries(result.fieldErrors)) form.setError(field as keyof typeof values, { message: messages[0] });
      return toast({ tone: 'error', message: result.message });
    }
    toast({ tone: 'info', message: `Course ${values.code} added.` });
    form.reset();
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3" data-testid="course-form">
      <h2 className="font-semibold sm:col-span-3">Add a course</h2>
      <TextField label="Code" error={errors.code?.message} {...form.register('code')} />
      <TextField label="Title" error={errors.title?.message} {...form.register('title')} />
      <SelectField label="Level" {...form.register('level')}>
        {courseLevels.map((l) => <option key={l} value={l}>{l[0]?.toUpperCase() + l.slice(1)}</option>)}
      </SelectField>
      <TextField label="Duration (hours)" type="number" min={0.5} step="0.5" error={errors.duration_hours?.message} {...form.register('duration_hours')} />
      <TextField label="Price (EUR)" type="number" min={0} step="0.01" error={errors.price?.message} {...form.register('price')} />
      <TextField label="Certificate valid for (months)" type="number" min={1} max={120} hint="Leave empty if it never expires." error={errors.certification_validity_months?.message} {...form.register('certification_validity_months')} />
      <div className="sm:col-span-3"><Button type="submit" disabled={isSubmitting}>Add course</Button></div>
    </form>
  );
}
