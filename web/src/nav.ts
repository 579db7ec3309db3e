import type { Role } from './types.ts';

/** The pages, and which roles see each in the menu. What data a page gets is the API's decision, not this. */
export interface NavItem {
  path: string;
  id: string;
  en: string;
  roles: Role[];
}

const ALL: Role[] = ['admin', 'approver', 'viewer', 'desa', 'agency'];
const REGENCY: Role[] = ['admin', 'approver', 'viewer'];

export const NAV: NavItem[] = [
  { path: '/', id: 'Beranda', en: 'Home', roles: ALL },
  { path: '/unggahan', id: 'Unggahan', en: 'Uploads', roles: ALL },
  { path: '/unggah', id: 'Unggah', en: 'Upload', roles: ['desa', 'agency'] },
  { path: '/kuota', id: 'Kuota', en: 'Quota', roles: REGENCY },
  { path: '/wilayah', id: 'Wilayah', en: 'Areas', roles: [...REGENCY, 'desa'] },
  { path: '/pekerja', id: 'Pekerja', en: 'Workers', roles: ['admin', 'approver'] },
  { path: '/pemberi-kerja', id: 'Pemberi kerja', en: 'Employers', roles: REGENCY },
  { path: '/persetujuan', id: 'Persetujuan', en: 'Approvals', roles: ['admin', 'approver'] },
  { path: '/audit', id: 'Audit', en: 'Audit', roles: ['admin'] },
];

export function navFor(role: Role): NavItem[] {
  return NAV.filter((n) => n.roles.includes(role));
}
