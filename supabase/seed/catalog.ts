/**
 * The two demo organisations: who works there, what they teach and how they sell. Northwind is
 * the full demo; Contoso is the small second tenant that isolation tests and demos of RLS need.
 */
import type { CourseLevel, MemberRole } from '../../lib/db/types';

export interface StaffDef {
  email: string;
  name: string;
  role: MemberRole;
}

export interface CourseDef {
  code: string;
  title: string;
  /** How the course reads in a deal name: "Acme Ltd – Agile Practitioner, 12 seats". */
  short: string;
  level: CourseLevel;
  hours: number;
  price: number;
  /** null: the certificate never expires. */
  validityMonths: number | null;
  description: string;
}

export interface StageDef {
  name: string;
  probability: number;
  isWon?: boolean;
  isLost?: boolean;
}

export interface PipelineDef {
  name: string;
  isDefault: boolean;
  /** Open courses sell seats on a course; corporate programmes sell a tailored contract. */
  kind: 'seats' | 'programme';
  /** Share of the organisation's opportunities in this pipeline. */
  share: number;
  stages: StageDef[];
}

export interface OrgProfile {
  name: string;
  postalAddress: string;
  brandColor: string;
  currency: string;
  /** Multiplies every row count on top of the caller's scale. */
  size: number;
  staff: StaffDef[];
  /** Prefix of certificate numbers, e.g. NWT-PMF-000123. */
  certificatePrefix: string;
  meetingHost: string;
  venues: string[];
  instructors: string[];
  courses: CourseDef[];
  pipelines: PipelineDef[];
  programmes: string[];
}

export const northwind: OrgProfile = {
  name: 'Northwind Training',
  postalAddress: 'Northwind Training Ltd, 14 Clerkenwell Green, London EC1R 0DP, United Kingdom',
  brandColor: '#1d4ed8',
  currency: 'EUR',
  size: 1,
  staff: [
    { email: 'admin@northwind.example', name: 'Eleanor Whitfield', role: 'admin' },
    { email: 'manager@northwind.example', name: 'Marcus Okafor', role: 'manager' },
    { email: 'sales1@northwind.example', name: 'Priya Raman', role: 'sales' },
    { email: 'sales2@northwind.example', name: 'Tomás Gallagher', role: 'sales' },
    { email: 'marketing@northwind.example', name: 'Sofia Lindqvist', role: 'marketing' },
    { email: 'compliance@northwind.example', name: 'Hannah Brennan', role: 'compliance' },
    { email: 'viewer@northwind.example', name: 'Daniel Moreau', role: 'viewer' },
  ],
  certificatePrefix: 'NWT',
  meetingHost: 'https://meet.northwind.example/session/',
  venues: [
    'Northwind Training Centre, 14 Clerkenwell Green, London EC1R 0DP',
    'Bridgewater House, 58 Whitworth Street, Manchester M1 6LT',
    'The Digital Depot, Thomas Street, Dublin D08 TCV4',
    'Spaces Herengracht, Herengracht 124, 1015 BT Amsterdam',
    'Mainzer Landstraße 50, 60325 Frankfurt am Main',
  ],
  instructors: ['Rebecca Thornton', 'Ian McAllister', 'Dr. Katrin Vogel', 'Femi Adebayo', 'Claire Dubois', 'Rajesh Nair'],
  courses: [
    {
      code: 'PMF-101', title: 'Project Management Foundation', short: 'PM Foundation', level: 'foundation',
      hours: 21, price: 1150, validityMonths: 36,
      description: 'Three days on the principles, themes and processes of managing a project, ending with the foundation exam.',
    },
    {
      code: 'PMP-201', title: 'Project Management Practitioner', short: 'PM Practitioner', level: 'practitioner',
      hours: 28, price: 1650, validityMonths: 36,
      description: 'Applying the method to a realistic case study: tailoring, business cases, stage boundaries and exception plans.',
    },
    {
      code: 'AGL-110', title: 'Agile Practitioner', short: 'Agile Practitioner', level: 'practitioner',
      hours: 21, price: 1395, validityMonths: 24,
      description: 'Running agile delivery in a governed organisation: roles, timeboxing, prioritisation and agile planning.',
    },
    {
      code: 'SCM-120', title: 'Professional Scrum Master', short: 'Scrum Master', level: 'foundation',
      hours: 14, price: 995, validityMonths: 24,
      description: 'Two days on Scrum theory, events and artefacts, facilitation and coaching a team towards self-management.',
    },
    {
      code: 'ITS-101', title: 'IT Service Management Foundation', short: 'ITSM Foundation', level: 'foundation',
      hours: 21, price: 1095, validityMonths: 36,
      description: 'The service value system, guiding principles and key practices of modern IT service management.',
    },
    {
      code: 'CSA-210', title: 'Cloud Security Architect', short: 'Cloud Security', level: 'advanced',
      hours: 35, price: 2450, validityMonths: 24,
      description: 'Identity, network segmentation, encryption and incident response for workloads across public clouds.',
    },
    {
      code: 'GDP-150', title: 'Data Protection Practitioner (GDPR)', short: 'GDPR Practitioner', level: 'practitioner',
      hours: 28, price: 1795, validityMonths: 24,
      description: 'Lawful bases, data protection impact assessments, breach handling and the role of the DPO under UK and EU GDPR.',
    },
    {
      code: 'CHG-301', title: 'Change Management Expert', short: 'Change Management', level: 'expert',
      hours: 35, price: 2950, validityMonths: 36,
      description: 'Leading organisational change: stakeholder analysis, resistance, sponsorship and measuring adoption.',
    },
  ],
  pipelines: [
    {
      name: 'Training sales', isDefault: true, kind: 'seats', share: 0.75,
      stages: [
        { name: 'Enquiry', probability: 10 },
        { name: 'Needs analysis', probability: 25 },
        { name: 'Proposal sent', probability: 50 },
        { name: 'Negotiation', probability: 75 },
        { name: 'Won', probability: 100, isWon: true },
        { name: 'Lost', probability: 0, isLost: true },
      ],
    },
    {
      name: 'Corporate programmes', isDefault: false, kind: 'programme', share: 0.25,
      stages: [
        { name: 'Discovery', probability: 10 },
        { name: 'Scoping workshop', probability: 30 },
        { name: 'Proposal', probability: 50 },
        { name: 'Contracting', probability: 80 },
        { name: 'Won', probability: 100, isWon: true },
        { name: 'Lost', probability: 0, isLost: true },
      ],
    },
  ],
  programmes: [
    'PMO capability programme', 'Agile transformation academy', 'Service management uplift',
    'Data protection awareness roll-out', 'Cloud security upskilling', 'Leadership through change programme',
  ],
};

export const contoso: OrgProfile = {
  name: 'Contoso Academy',
  postalAddress: 'Contoso Academy GmbH, Rosenthaler Straße 40, 10178 Berlin, Germany',
  brandColor: '#0f766e',
  currency: 'EUR',
  size: 0.1,
  staff: [
    { email: 'admin@contoso.example', name: 'Aisha Bello', role: 'admin' },
    { email: 'sales@contoso.example', name: 'Jonas Weber', role: 'sales' },
  ],
  certificatePrefix: 'CTA',
  meetingHost: 'https://learn.contoso.example/live/',
  venues: ['Contoso Academy, Rosenthaler Straße 40, 10178 Berlin'],
  instructors: ['Martina Kühn', 'Olaf Brandt'],
  courses: [
    {
      code: 'CSE-100', title: 'Cyber Security Essentials', short: 'Cyber Security Essentials', level: 'foundation',
      hours: 14, price: 890, validityMonths: 24,
      description: 'Threats, safe handling of data and the basics of securing a small organisation.',
    },
    {
      code: 'LNM-200', title: 'Leadership for New Managers', short: 'New Manager Leadership', level: 'practitioner',
      hours: 21, price: 1290, validityMonths: null,
      description: 'Delegation, feedback and running a team for people in their first management role.',
    },
  ],
  pipelines: [
    {
      name: 'Sales', isDefault: true, kind: 'seats', share: 1,
      stages: [
        { name: 'New enquiry', probability: 10 },
        { name: 'Offer sent', probability: 50 },
        { name: 'Won', probability: 100, isWon: true },
        { name: 'Lost', probability: 0, isLost: true },
      ],
    },
  ],
  programmes: [],
};
