/** Sample data shared by every template's previewProps: one fictional training company and learner. */

export const previewBrand = {
  orgName: 'Northbridge Professional Training',
  // No logo: a sample cannot point at a real image host (the header shows the name instead);
  // the template gallery renders with the viewer's own organisation's logo.
  brandColor: '#0F766E',
  postalAddress: '14 Carver Street, Sheffield S1 4FS, United Kingdom',
  supportEmail: 'learners@northbridge-training.example',
};

export const previewRecipient = { firstName: 'Amara', email: 'amara.okafor@example.com' };

export const previewMarketing = {
  unsubscribeUrl: 'https://app.cohort.example/api/unsubscribe/preview-signed-token',
  preferencesUrl: 'https://app.cohort.example/unsubscribe/preview-signed-token',
};

/** A typical two-day classroom course, in BST, so time-zone labels get exercised. */
export const previewSession = {
  id: 'b7c1d9e2-4f3a-4b8e-9c21-5d6e7f8a9b01',
  courseTitle: 'PRINCE2 Foundation (7th edition)',
  startsAt: '2027-05-10T08:30:00Z',
  endsAt: '2027-05-11T16:00:00Z',
  timeZone: 'Europe/London',
  location: { type: 'in_person' as const, venue: 'Northbridge Training Centre, Room 3', address: '14 Carver Street, Sheffield S1 4FS' },
  trainerName: 'Daniel Reeves',
};
