/**
 * Every email Cohort can send, keyed by a stable name. Jobs and the send-email edge
 * function store these names in payloads and message rows, so never rename a key; add a
 * new one and retire the old.
 */
import * as appointmentConfirmation from './appointment-confirmation.tsx';
import * as certificateIssued from './certificate-issued.tsx';
import * as certificationExpired from './certification-expired.tsx';
import * as certificationRoadmap from './certification-roadmap.tsx';
import * as enrollmentConfirmation from './enrollment-confirmation.tsx';
import * as examNotification from './exam-notification.tsx';
import * as examResult from './exam-result.tsx';
import * as feedbackRequest from './feedback-request.tsx';
import * as nurtureCertificationRoi from './nurture-certification-roi.tsx';
import * as nurtureCertificationValue from './nurture-certification-value.tsx';
import * as nurtureSuccessStory from './nurture-success-story.tsx';
import * as passwordReset from './password-reset.tsx';
import * as paymentConfirmation from './payment-confirmation.tsx';
import * as platformOrientation from './platform-orientation.tsx';
import * as preTrainingPreparation from './pre-training-preparation.tsx';
import * as programmeIntroduction from './programme-introduction.tsx';
import * as proposalFollowUp from './proposal-follow-up.tsx';
import * as renewalReminder from './renewal-reminder.tsx';
import * as requestVerification from './request-verification.tsx';
import * as scheduleChange from './schedule-change.tsx';
import * as staffInvitation from './staff-invitation.tsx';
import * as waitlistPromotion from './waitlist-promotion.tsx';
import * as welcome from './welcome.tsx';
import { fromModule } from './types.ts';

export const emailTemplates = {
  // Onboarding series, in sending order.
  welcome: fromModule(welcome),
  'programme-introduction': fromModule(programmeIntroduction),
  'platform-orientation': fromModule(platformOrientation),
  'certification-roadmap': fromModule(certificationRoadmap),
  // Booking and training.
  'enrollment-confirmation': fromModule(enrollmentConfirmation),
  'pre-training-preparation': fromModule(preTrainingPreparation),
  'schedule-change': fromModule(scheduleChange),
  'waitlist-promotion': fromModule(waitlistPromotion),
  'feedback-request': fromModule(feedbackRequest),
  // Exams and certification.
  'exam-notification': fromModule(examNotification),
  'exam-result': fromModule(examResult),
  'certificate-issued': fromModule(certificateIssued),
  'renewal-reminder': fromModule(renewalReminder),
  'certification-expired': fromModule(certificationExpired),
  // Sales and nurture.
  'nurture-certification-value': fromModule(nurtureCertificationValue),
  'nurture-certification-roi': fromModule(nurtureCertificationRoi),
  'nurture-success-story': fromModule(nurtureSuccessStory),
  'proposal-follow-up': fromModule(proposalFollowUp),
  'appointment-confirmation': fromModule(appointmentConfirmation),
  // Billing and accounts.
  'payment-confirmation': fromModule(paymentConfirmation),
  'staff-invitation': fromModule(staffInvitation),
  'password-reset': fromModule(passwordReset),
  'request-verification': fromModule(requestVerification),
};

export type EmailTemplateName = keyof typeof emailTemplates;
export const emailTemplateNames = Object.keys(emailTemplates) as EmailTemplateName[];

export type { EmailAttachment, EmailCategory, EmailTemplate } from './types.ts';
