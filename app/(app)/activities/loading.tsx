// A list's skeleton while its data loads. Record pages have none above them, so a record
// that does not exist can still answer 404 before anything is streamed.
export { ListSkeleton as default } from '@/components/ui/list-skeleton';
