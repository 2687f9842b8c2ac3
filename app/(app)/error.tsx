'use client';

import { useEffect } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

/** Something we did not expect went wrong while showing this page: say so and offer a retry. */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => console.error(error), [error]);
  return (
    <div className="max-w-xl space-y-4">
      <Alert>
        This page could not be shown because of a problem on our side.
        {error.digest ? ` Reference: ${error.digest}.` : ''}
      </Alert>
      <Button onClick={reset}>Try again</Button>
    </div>
  );
}
