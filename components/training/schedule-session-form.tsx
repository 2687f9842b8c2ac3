'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { scheduleSessionAction } from '@/app/actions/training';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { useToast } from '@/components/ui/toast';
import { courseSessionCreateSchema } from '@/lib/crm/training.schema';

type Course = { id: string; code: string; title: string };

/** Schedule a run of a course: dates, delivery, venue or link, seats. */
export function ScheduleSessionForm({ courses }: { courses: Course[] }) {
  const router = useRouter();
  const toast = useToast();
  const form = useForm({ resolver: zodResolver(courseSessionCreateSchema), defaultValues: { delivery: 'in_person' as const, capacity: 12 } });
  const { errors, isSubmitting } = form.formState;
  const delivery = form.watch('delivery');
  const onSubmit = form.handleSubmit(async (values) => {
    const result = await scheduleSessionAction(values);
    if (!result.ok) {
      for (const [field, messages] of Object.entries(result.fieldErrors)) form.setError(field as keyof typeof values, { message: messages[0] });
      return toast({ tone: 'error', message: result.message });
    }
    toast({ tone: 'info', message: 'Session scheduled.' });
    router.push(`/training/sessions/${result.data.id}`);
  });
  const blank = (v: unknown) => (v === '' ? undefined : v);
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2" data-testid="schedule-session-form">
      <h2 className="font-semibold sm:col-span-2">Schedule a session</h2>
      <SelectField label="Course" error={errors.course_id?.message} {...form.register('course_id')}>
        <option value="">Choose a course</option>
        {courses.map((c) => <option key={c.id} value={c.id}>{c.code} · {c.title}</option>)}
      </SelectField>
      <SelectField label="Delivery" {...form.register('delivery')}>
        <option value="in_person">In person</option>
        <option value="online">Online</option>
        <option value="hybrid">Hybrid</option>
      </SelectField>
      <TextField label="Starts" type="datetime-local" error={errors.starts_at?.message} {...form.register('starts_at', { setValueAs: blank })} />
      <TextField label="Ends" type="datetime-local" error={errors.ends_at?.message} {...form.register('ends_at', { setValueAs: blank })} />
      {delivery !== 'online' ? <TextField label="Venue" error={errors.location?.message} {...form.register('location')} /> : null}
      {delivery !== 'in_person' ? <TextField label="Meeting link" type="url" error={errors.meeting_url?.message} {...form.register('meeting_url')} /> : null}
      <TextField label="Seats" type="number" min={1} max={1000} error={errors.capacity?.message} {...form.register('capacity')} />
      <TextField label="Instructor" error={errors.instructor_name?.message} {...form.register('instructor_name')} />
      <div className="sm:col-span-2"><Button type="submit" disabled={isSubmitting}>{isSubmitting ? 'Scheduling…' : 'Schedule session'}</Button></div>
    </form>
  );
}
