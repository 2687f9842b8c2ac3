/**
 * Every email Cohort can send, keyed by a stable name. Jobs and the send-email edge
 * function store these names in payloads and message rows, so never rename a key; add a
 * new one and retire the old.
 */
import * as appointmentConfirmation from './appointment-confirmation.tsx';
import * as certificateIssued from './certificate-issued.tsx';
import * as certificationExpired from './certification-expired.tsx';
import * as certificationRoadmap from './certification-roadmap.tsx';
import * as consentConfirmation from './consent-confirmation.tsx';
import * as courseAnnouncement from './course-announcement.tsx';
import * as enrollmentConfirmation from './enrollment-confirmation.tsx';
import * as examNotification from './exam-notification.tsx';
import * as examResult from './exam-result.tsx';
import * as feedbackRequest from './feedback-request.tsx';
import * as learnerSignIn from './learner-sign-in.tsx';
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
import * as waitlistConfirmation from './waitlist-confirmation.tsx';
import * as waitlistPromotion from './waitlist-promotion.tsx';
import * as welcome from './welcome.tsx';
import { fromModule, type TemplateAccess } from './types.ts';

// Who may ask for each template (./types.ts TemplateAccess): staff send sales and nurture
// mail to people they can see; everything else is system work, and security mail also
// names the links that act for the recipient.
const staff: TemplateAccess = { sentBy: 'staff' };
const system: TemplateAccess = { sentBy: 'system' };
const security = (...bearerLinks: string[]): TemplateAccess => ({ sentBy: 'system', bearerLinks });

export const emailTemplates = {
  // Onboarding series, in sending order.
  welcome: fromModule(welcome, staff),
  'programme-introduction': fromModule(programmeIntroduction, staff),
  'platform-orientation': fromModule(platformOrientation, staff),
  'certification-roadmap': fromModule(certificationRoadmap, staff),
  // Booking and training.
  'enrollment-confirmation': fromModule(enrollmentConfirmation, system),
  'pre-training-preparation': fromModule(preTrainingPreparation, system),
  'schedule-change': fromModule(scheduleChange, system),
  'waitlist-confirmation': fromModule(waitlistConfirmation, system),
  'waitlist-promotion': fromModule(waitlistPromotion, system),
  'feedback-request': fromModule(feedbackRequest, system),
  // Exams and certification.
  'exam-notification': fromModule(examNotification, system),
  'exam-result': fromModule(examResult, system),
  'certificate-issued': fromModule(certificateIssued, system),
  'renewal-reminder': fromModule(renewalReminder, system),
  'certification-expired': fromModule(certificationExpired, system),
  // Campaigns, built for the campaign editor.
  'course-announcement': fromModule(courseAnnouncement, staff),
  // Sales and nurture.
  'nurture-certification-value': fromModule(nurtureCertificationValue, staff),
  'nurture-certification-roi': fromModule(nurtureCertificationRoi, staff),
  'nurture-success-story': fromModule(nurtureSuccessStory, staff),
  'proposal-follow-up': fromModule(proposalFollowUp, staff),
  'appointment-confirmation': fromModule(appointmentConfirmation, staff),
  // Billing and accounts.
  'payment-confirmation': fromModule(paymentConfirmation, system),
  'staff-invitation': fromModule(staffInvitation, security('invitationUrl')),
  'password-reset': fromModule(passwordReset, security('resetUrl')),
  'request-verification': fromModule(requestVerification, security('verifyUrl')),
  'consent-confirmation': fromModule(consentConfirmation, security('confirmUrl')),
  'learner-sign-in': fromModule(learnerSignIn, security('signInUrl')),
};

export type EmailTemplateName = keyof typeof emailTemplates;
export const emailTemplateNames = Object.keys(emailTemplates) as EmailTemplateName[];

export type { EmailAttachment, EmailCategory, EmailTemplate } from './types.ts';
