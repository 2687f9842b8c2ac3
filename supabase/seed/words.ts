/**
 * Word lists the demo data is composed from. Hand-written instead of a faker package so the
 * seed has no extra dependency and reads like a European training company's real CRM.
 * Every email domain ends in the reserved `.example` TLD (RFC 2606): a demo that ever sends
 * mail must not reach a real company, and UK phone numbers use Ofcom's drama ranges.
 */
import type { Rng } from './random';

export const firstNames = [
  'Oliver', 'Amelia', 'George', 'Isla', 'Harry', 'Ava', 'Jack', 'Freya', 'Charlotte', 'Thomas',
  'Emily', 'James', 'Sophie', 'William', 'Grace', 'Daniel', 'Hannah', 'Samuel', 'Chloe', 'Joseph',
  'Aoife', 'Ciarán', 'Niamh', 'Seán', 'Siobhán', 'Eoin', 'Róisín', 'Padraig',
  'Lukas', 'Lena', 'Jonas', 'Mia', 'Felix', 'Anna', 'Maximilian', 'Leonie', 'Tobias', 'Katharina',
  'Daan', 'Sanne', 'Bram', 'Fleur', 'Thijs', 'Lotte', 'Jeroen', 'Eline',
  'Camille', 'Louis', 'Chloé', 'Hugo', 'Manon', 'Julien', 'Élodie', 'Antoine',
  'Lucía', 'Javier', 'Carmen', 'Alejandro', 'Marta', 'Pablo', 'Giulia', 'Marco', 'Francesca', 'Luca',
  'Agnieszka', 'Piotr', 'Katarzyna', 'Tomasz', 'Zofia', 'Marek', 'Ana', 'João', 'Inês', 'Tiago',
  'Astrid', 'Erik', 'Ingrid', 'Magnus', 'Sigrid', 'Lars', 'Freja', 'Mikkel',
  'Priya', 'Arjun', 'Ananya', 'Rohan', 'Kavya', 'Vikram', 'Aisha', 'Omar', 'Fatima', 'Yusuf', 'Layla', 'Karim',
  'Chinedu', 'Ngozi', 'Oluwaseun', 'Adaeze', 'Kwame', 'Abena', 'Tendai', 'Zanele',
  'Wei', 'Mei', 'Jun', 'Hui', 'Hiroshi', 'Yuki', 'Minh', 'Linh', 'Emre', 'Elif', 'Mehmet', 'Zeynep',
  'Dimitris', 'Eleni', 'Andrei', 'Ioana', 'Mateusz', 'Nikola', 'Jelena', 'Sven',
] as const;

export const lastNames = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Davies', 'Evans', 'Thomas', 'Roberts',
  'Walker', 'Wright', 'Thompson', 'Hughes', 'Green', 'Hall', 'Clarke', 'Patel', 'Shah', 'Khan',
  'Murphy', 'Kelly', "O'Sullivan", 'Walsh', "O'Brien", 'Byrne', 'Ryan', 'Doyle', 'McCarthy', 'Gallagher',
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Becker', 'Hoffmann', 'Wagner', 'Schäfer', 'Koch',
  'de Jong', 'Jansen', 'de Vries', 'van den Berg', 'Bakker', 'Visser', 'Smit', 'Mulder', 'Meijer', 'de Boer',
  'Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Moreau', 'Laurent', 'Garcia', 'Fernández', 'López', 'Martínez',
  'Sánchez', 'Romero', 'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Ricci', 'Costa', 'Silva',
  'Santos', 'Pereira', 'Kowalski', 'Nowak', 'Wiśniewski', 'Wójcik', 'Lewandowski', 'Novák', 'Horvat', 'Popescu',
  'Johansson', 'Andersson', 'Nilsson', 'Larsen', 'Nielsen', 'Hansen', 'Berg', 'Lindqvist', 'Virtanen', 'Korhonen',
  'Sharma', 'Gupta', 'Iyer', 'Reddy', 'Menon', 'Haddad', 'Nasser', 'Mansour', 'Rahman', 'Hussain',
  'Okafor', 'Adeyemi', 'Mensah', 'Okonkwo', 'Boateng', 'Nkosi', 'Chen', 'Wang', 'Li', 'Zhang',
  'Nguyen', 'Tanaka', 'Sato', 'Kim', 'Park', 'Yılmaz', 'Demir', 'Papadopoulos', 'Ivanova', 'Petrov',
] as const;

export const jobTitles = [
  'Head of Learning & Development', 'L&D Manager', 'Learning Partner', 'Training Coordinator',
  'HR Business Partner', 'Chief People Officer', 'Talent Development Lead', 'Project Manager',
  'Senior Project Manager', 'Programme Director', 'PMO Lead', 'Delivery Manager', 'Scrum Master',
  'Product Owner', 'Agile Coach', 'Business Analyst', 'IT Service Manager', 'Service Desk Manager',
  'Head of IT', 'Chief Information Officer', 'Cloud Architect', 'Information Security Manager',
  'Data Protection Officer', 'Compliance Officer', 'Risk Manager', 'Quality Manager',
  'Operations Director', 'Change Manager', 'Head of Transformation', 'Procurement Manager',
  'Engineering Manager', 'Software Engineer', 'Team Lead', 'Finance Director', 'Office Manager',
] as const;

/** Company name parts; the second part also decides the account's industry. */
export const companyPrefixes = [
  'Northgate', 'Harbour', 'Kestrel', 'Meridian', 'Bluestone', 'Ashford', 'Copperfield', 'Silverline',
  'Redwood', 'Oakridge', 'Granite', 'Lighthouse', 'Summit', 'Beacon', 'Riverside', 'Alder', 'Falcon',
  'Orion', 'Vertex', 'Atlas', 'Helix', 'Nordic', 'Baltic', 'Castlegate', 'Crown', 'Willow', 'Evergreen',
  'Sterling', 'Clearwater', 'Highland', 'Westbrook', 'Eastwood', 'Heron', 'Osprey', 'Solent', 'Pennine',
  'Cobalt', 'Amber', 'Juniper', 'Brightwater', 'Fernhill', 'Marlow', 'Zenith', 'Polaris', 'Keystone',
  'Linden', 'Tamar', 'Elbe', 'Scheldt', 'Lumen', 'Quayside', 'Greyfriars', 'Kingfisher', 'Saltire',
] as const;

export const companySectors: readonly (readonly [word: string, industry: string])[] = [
  ['Logistics', 'Transport & Logistics'], ['Freight', 'Transport & Logistics'],
  ['Systems', 'Information Technology'], ['Software', 'Information Technology'],
  ['Digital', 'Information Technology'], ['Analytics', 'Information Technology'],
  ['Health', 'Healthcare'], ['Care', 'Healthcare'], ['Pharma', 'Pharmaceuticals'],
  ['Energy', 'Energy & Utilities'], ['Power', 'Energy & Utilities'], ['Water', 'Energy & Utilities'],
  ['Engineering', 'Engineering'], ['Consulting', 'Professional Services'], ['Advisory', 'Professional Services'],
  ['Financial', 'Financial Services'], ['Capital', 'Financial Services'], ['Bank', 'Banking'],
  ['Insurance', 'Insurance'], ['Assurance', 'Insurance'], ['Retail', 'Retail'], ['Foods', 'Food & Beverage'],
  ['Telecom', 'Telecommunications'], ['Networks', 'Telecommunications'], ['Construction', 'Construction'],
  ['Manufacturing', 'Manufacturing'], ['Components', 'Manufacturing'], ['Aerospace', 'Aerospace & Defence'],
  ['Automotive', 'Automotive'], ['Media', 'Media & Publishing'], ['Property', 'Real Estate'],
  ['Labs', 'Life Sciences'], ['Biotech', 'Life Sciences'], ['Legal', 'Legal Services'],
];

/** Names that are not `<prefix> <sector> <suffix>`: the public and not-for-profit clients. */
export const institutionPatterns: readonly (readonly [suffix: string, industry: string])[] = [
  ['Housing Association', 'Non-profit'], ['Academy Trust', 'Education'], ['Community Health Partnership', 'Public Sector'],
  ['Regional Transport Authority', 'Public Sector'], ['College', 'Education'],
];

export interface City {
  name: string;
  /** `#` becomes a digit, `@` an upper-case letter. */
  postcode: string;
  phone: string;
}

export interface Country {
  name: string;
  weight: number;
  suffixes: readonly string[];
  streets: readonly string[];
  cities: readonly City[];
  /** Whether the postcode is written before the city, as on the continent. */
  postcodeFirst: boolean;
}

export const countries: readonly Country[] = [
  {
    name: 'United Kingdom', weight: 45, suffixes: ['Ltd', 'Ltd', 'plc', 'Group', 'LLP'], postcodeFirst: false,
    streets: ['High Street', 'Station Road', 'Victoria Street', 'King Street', 'Church Lane', 'Queen Square', 'Mill Lane', 'Park Row'],
    cities: [
      { name: 'London', postcode: 'EC# #@@', phone: '+44 20 7946 0###' },
      { name: 'Manchester', postcode: 'M# #@@', phone: '+44 161 496 0###' },
      { name: 'Birmingham', postcode: 'B# #@@', phone: '+44 121 496 0###' },
      { name: 'Leeds', postcode: 'LS# #@@', phone: '+44 113 496 0###' },
      { name: 'Bristol', postcode: 'BS# #@@', phone: '+44 117 496 0###' },
      { name: 'Edinburgh', postcode: 'EH# #@@', phone: '+44 131 496 0###' },
      { name: 'Glasgow', postcode: 'G# #@@', phone: '+44 141 496 0###' },
    ],
  },
  {
    name: 'Ireland', weight: 10, suffixes: ['Ltd', 'DAC'], postcodeFirst: false,
    streets: ['Harcourt Street', 'Baggot Street', 'Grand Canal Quay', 'Patrick Street'],
    cities: [
      { name: 'Dublin', postcode: 'D0# @#@#', phone: '+353 1 ### ####' },
      { name: 'Cork', postcode: 'T12 @#@#', phone: '+353 21 ### ####' },
      { name: 'Galway', postcode: 'H91 @#@#', phone: '+353 91 ### ###' },
    ],
  },
  {
    name: 'Germany', weight: 15, suffixes: ['GmbH', 'GmbH', 'AG'], postcodeFirst: true,
    streets: ['Hauptstraße', 'Friedrichstraße', 'Bahnhofstraße', 'Schillerstraße', 'Lindenallee'],
    cities: [
      { name: 'Berlin', postcode: '10###', phone: '+49 30 #### ####' },
      { name: 'Munich', postcode: '80###', phone: '+49 89 #### ####' },
      { name: 'Frankfurt am Main', postcode: '60###', phone: '+49 69 #### ####' },
      { name: 'Hamburg', postcode: '20###', phone: '+49 40 #### ####' },
    ],
  },
  {
    name: 'Netherlands', weight: 12, suffixes: ['B.V.', 'B.V.', 'N.V.'], postcodeFirst: true,
    streets: ['Herengracht', 'Keizersgracht', 'Stationsplein', 'Coolsingel', 'Oudegracht'],
    cities: [
      { name: 'Amsterdam', postcode: '10## @@', phone: '+31 20 ### ####' },
      { name: 'Rotterdam', postcode: '30## @@', phone: '+31 10 ### ####' },
      { name: 'Utrecht', postcode: '35## @@', phone: '+31 30 ### ####' },
    ],
  },
  {
    name: 'France', weight: 8, suffixes: ['SA', 'SAS'], postcodeFirst: true,
    streets: ['rue de Rivoli', 'boulevard Haussmann', 'rue de la République', 'avenue Jean Jaurès'],
    cities: [
      { name: 'Paris', postcode: '750##', phone: '+33 1 ## ## ## ##' },
      { name: 'Lyon', postcode: '6900#', phone: '+33 4 ## ## ## ##' },
    ],
  },
  {
    name: 'Spain', weight: 4, suffixes: ['S.L.', 'S.A.'], postcodeFirst: true,
    streets: ['Calle de Alcalá', 'Passeig de Gràcia', 'Gran Vía'],
    cities: [
      { name: 'Madrid', postcode: '280##', phone: '+34 91 ### ## ##' },
      { name: 'Barcelona', postcode: '080##', phone: '+34 93 ### ## ##' },
    ],
  },
  {
    name: 'Sweden', weight: 3, suffixes: ['AB'], postcodeFirst: true,
    streets: ['Drottninggatan', 'Kungsgatan', 'Sveavägen'],
    cities: [{ name: 'Stockholm', postcode: '111 ##', phone: '+46 8 ### ### ##' }],
  },
  {
    name: 'Belgium', weight: 3, suffixes: ['NV', 'SRL'], postcodeFirst: true,
    streets: ['Rue de la Loi', 'Avenue Louise', 'Meir'],
    cities: [{ name: 'Brussels', postcode: '10##', phone: '+32 2 ### ## ##' }],
  },
];

/** Fills a `#`/`@` template: postcodes and phone numbers. */
export function fillPattern(rng: Rng, pattern: string): string {
  return pattern.replace(/[#@]/g, (symbol) =>
    symbol === '#' ? String(rng.int(0, 9)) : String.fromCharCode(65 + rng.int(0, 25)),
  );
}

export function postalAddress(rng: Rng, country: Country, city: City): string {
  const street = `${rng.int(1, 240)} ${rng.pick(country.streets)}`;
  const code = fillPattern(rng, city.postcode);
  const place = country.postcodeFirst ? `${code} ${city.name}` : `${city.name} ${code}`;
  return `${street}, ${place}, ${country.name}`;
}

/** UK mobiles from Ofcom's drama range; elsewhere a landline of the person's city. */
export function personalPhone(rng: Rng, country: Country, city: City): string {
  if (country.name === 'United Kingdom' && rng.chance(0.5)) return fillPattern(rng, '+44 7700 900###');
  return fillPattern(rng, city.phone);
}

/** Mailbox providers of people whose employer is not in the CRM. */
export const personalMailDomains = ['mailbox.example', 'inbox.example', 'post.example'] as const;

export const leadDisqualifiedReasons = [
  'No training budget this financial year',
  'Student enquiry, not a corporate buyer',
  'Duplicate of an existing contact',
  'Outside our delivery regions',
  'Chose a competitor on price',
  'No response after five attempts',
  'Asked for a course we do not run',
] as const;

export const opportunityLostReasons = [
  'Lost to a competitor on price',
  'Budget frozen until next financial year',
  'Decided to train in-house',
  'Dates did not suit the team',
  'Project cancelled by the client',
  'No decision, went quiet after the proposal',
] as const;

export const enrollmentCancellationReasons = [
  'Delegate left the company',
  'Work commitments, will rebook later',
  'Illness',
  'Moved to a later session',
  'Employer withdrew funding',
] as const;
