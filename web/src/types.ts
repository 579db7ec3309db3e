import type { QuotaReport } from '../../src/quota/status.ts';
import type { OutcomeCounts } from '../../src/uploads/model.ts';

/** What the admin API (issue #10) answers, as the dashboard reads it. */
export type Role = 'admin' | 'approver' | 'viewer' | 'desa' | 'agency';

export interface Me {
  sub?: string;
  email?: string;
  role: Role;
  desa?: string;
  agency?: string;
}

export type Uploader = { kind: 'desa'; desa: string } | { kind: 'agency'; agency: string };

/** The outcome counts of an upload (src/uploads/model.ts). */
export type Outcomes = OutcomeCounts;

export interface Actor {
  id: string;
  email?: string;
  role: string;
}

/** An upload as the API shows it: `lindung process --json`'s summary (outcome counts flat) and who/when. */
export interface UploadItem extends Partial<Outcomes> {
  uploadId: string;
  objectKey?: string;
  fileName: string;
  status: string;
  createdAt: string;
  updatedAt?: string;
  rows: number;
  rejected: number;
  uploader?: Uploader | null;
  uploadedBy?: Actor | null;
  approvalRequired?: boolean;
  approval?: { by: string; at: string } | null;
  fileError?: { code: string; message: string; messageEn?: string };
  failureReason?: string | null;
}

/** One recorded step of an upload's run (validate, register/reserve/enroll per chunk, refer, finalize). */
export interface TimelineStep {
  step: string;
  chunk?: number;
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
  status?: string;
  error?: string;
  cause?: string;
}

export interface RowIssue {
  row: number;
  column: string;
  code: string;
  severity: string;
  value?: string;
  message: string;
  messageEn?: string;
}

export interface UploadDetail extends UploadItem {
  timeline?: TimelineStep[];
  issues?: RowIssue[];
}

/** `GET /quota`: the same report as `lindung quota --json` (src/quota/status.ts). */
export type QuotaInfo = QuotaReport;

export interface DesaCounts {
  desa: string;
  kecamatan: string;
  lastUploadAt?: string;
  [counter: string]: string | number | undefined;
}

export interface AreasInfo {
  total: Record<string, number>;
  byKecamatan?: Array<{ kecamatan: string } & Record<string, number | string>>;
  byDesa: DesaCounts[];
}

export interface UploadList {
  uploads: UploadItem[];
}

export interface Regions {
  regency: { code: string; name: string; province: string };
  agencies: Array<{ id: string; name: string }>;
  kecamatan: Array<{ code: string; name: string }>;
  desa: Array<{ code: string; name: string; kecamatan: string; kind: string }>;
}

export interface DashboardConfig {
  apiUrl: string;
  cognito: { endpoint: string; region: string; userPoolClientId: string };
}
