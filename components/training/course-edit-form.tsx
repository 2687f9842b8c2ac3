'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { updateCourseAction } from '@/app/actions/training';
import { Button } from '@/components/ui/button';
import { SelectField, TextAreaField, TextField } from '@/components/ui/field';
import { useToast } from '@/components/ui/toast';
import { courseLevels, courseUpdateSchema } from '@/lib/crm/training.schema';

type Course = {
  id: string;
  title: string;
  description: string | null;
  level: (typeof courseLevels)[number];
  duration_hours: string | number;
  price: string | number;
  certification_validity_months: number | null;
  is_active: boolean;
  preparation: string[];
  renewal_course_ids: string[];
  updated_at: Date | string;
};

/**
 * A course's catalogue facts and what the learner portal shows with it: the description (the
 * public course page), the preparation list (the booking email and page), and the courses that
 * also renew its certificate (the renew page and the renewal reminder).
 */
export function CourseEditForm({ course, others }: { course: Course; others: { id: string; code: string; title: string; is_active: boolean }[] }) {
  const router = useRouter();
  const toast = useToast();
  const form = useForm<z.input<typeof courseUpdateSchema>, unknown, z.output<typeof courseUpdateSchema>>({
    resolver: zodResolver(courseUpdateSchema),
    defaultValues: {
      id: course.id,
      expected_updated_at: new Date(course.updated_at),
      title: course.title,
      description: course.description ?? '',
      level: course.level,
      duration_hours: Number(course.duration_hours),
      price: Number(course.price),
      certification_validity_months: course.certification_validity_months ?? '',
      is_active: course.is_active,
      preparation: course.preparation.join('\n'),
      renewal_course_ids: course.renewal_course_ids,
    },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    const result = await updateCourseAction(values);
    if (!result.ok) {
      for (const [field, messages] of Object.entries(result.fieldErrors)) form.setError(field as keyof typeof values, { message: messages[0] });
      return toast({ tone: 'error', message: result.message });
    }
    form.setValue('expected_updated_at', new Date(result.data.updatedAt));
    toast({ tone: 'info', message: 'Course saved.' });
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="grid max-w-3xl gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2" data-testid="course-edit-form">
      <div className="sm:col-span-2">
        <TextField label="Title" error={errors.title?.message} {...form.register('title')} />
      </div>
      <SelectField label="Level" {...form.register('level')}>
        {courseLevels.map((l) => (
          <option key={l} value={l}>
            {l[0]?.toUpperCase() + l.slice(1)}
          </option>
        ))}
      </SelectField>
      <TextField label="Duration (hours)" type="number" min={0.5} step="0.5" error={errors.duration_hours?.message} {...form.register('duration_hours')} />
      <TextField label="Price" type="number" min={0} step="0.01" error={errors.price?.message} {...form.register('price')} />
      <TextField
        label="Certificate valid for (months)"
        type="number"
        min={1}
        max={120}
        hint="Leave empty if it never expires."
        error={errors.certification_validity_months?.message}
        {...form.register('certification_validity_months')}
      />
      <div className="sm:col-span-2">
        <TextAreaField label="Description" rows={5} hint="Shown on the course’s page in the public catalogue." error={errors.description?.message} {...form.register('description')} />
      </div>
      <div className="sm:col-span-2">
        <TextAreaField
          label="How to prepare"
          hint="One item a line, up to 8: in the booking email and on the trainee’s booking page. Empty: our general advice."
          error={errors.preparation?.message}
          {...form.register('preparation')}
        />
      </div>
      <fieldset className="space-y-2 sm:col-span-2" aria-describedby="course-renewals-hint">
        <legend className="text-sm font-medium text-slate-800">Also renews this certificate</legend>
        <p id="course-renewals-hint" className="text-xs text-slate-600">
          Continuing-education courses a holder may take instead of this course again: offered on the renew page and in the renewal reminder.
        </p>
        {others.length ? (
          <div className="grid max-h-56 gap-1 overflow-y-auto rounded-md border border-slate-200 p-2 sm:grid-cols-2">
            {others.map((o) => (
              <label key={o.id} className="flex min-h-8 items-center gap-2 text-sm">
                <input type="checkbox" value={o.id} className="h-4 w-4" {...form.register('renewal_course_ids')} />
                <span>
                  {o.code} · {o.title}
                  {o.is_active ? '' : ' (not offered)'}
                </span>
              </label>
            ))}
          </div>
        ) : (
          <p className="text-sm text-slate-600">No other courses yet.</p>
        )}
        {errors.renewal_course_ids ? <p role="alert" className="text-sm text-red-700">{errors.renewal_course_ids.message}</p> : null}
      </fieldset>
      <label className="flex items-center gap-2 text-sm sm:col-span-2">
        <input type="checkbox" className="h-4 w-4" {...form.register('is_active')} />
        Offered: in the public catalogue and for new sessions
      </label>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Saving…' : 'Save course'}
        </Button>
      </div>
    </form>
  );
}
