import { html } from 'htm/preact';
import { Chart, gaugeOption } from '../chart.ts';
import { localDay, num, percent, rupiah } from '../format.ts';
import { counterLabel, t } from '../i18n.ts';
import type { AreasInfo, Me, QuotaInfo, UploadList } from '../types.ts';
import { Card, ErrorView, Loading, Page } from '../ui.ts';
import { useApi, useRegions } from '../use-api.ts';
import { desaWithoutUploads } from './areas.ts';

const ATTENTION = new Set(['FAILED', 'REJECTED', 'AWAITING_APPROVAL']);

/** Beranda: covered against target, budget, waitlist, today's uploads, what needs attention, silent desa. */
export function Home(props: { me: Me }) {
  const regencyWide = ['admin', 'approver', 'viewer'].includes(props.me.role);
  const quota = useApi<QuotaInfo>(regencyWide ? '/quota' : null, 10_000);
  const areas = useApi<AreasInfo>(props.me.role === 'agency' ? null : '/areas', 10_000);
  const uploads = useApi<UploadList>('/uploads', 10_000);
  const regions = useRegions();
  const error = quota.error ?? uploads.error;
  if (error) return html`<${ErrorView} error=${error} />`;
  if ((regencyWide && !quota.data) || !uploads.data) return html`<${Loading} />`;

  const list = uploads.data.uploads;
  const today = localDay(new Date().toISOString());
  const uploadsToday = list.filter((u) => localDay(u.createdAt) === today).length;
  const attention = list.filter((u) => ATTENTION.has(u.status) || (u.failed ?? 0) > 0).length;
  const silent = regions && areas.data ? desaWithoutUploads(regions, areas.data, props.me) : undefined;
  const q = quota.data;
  const total = areas.data?.total;

  return html`<${Page} title=${t('Beranda', 'Home')}>
    ${
      q
        ? html`<div class="home-top">
            <section class="panel gauge-panel" aria-labelledby="covered-title">
              <h2 id="covered-title">${t('Tercakup dari target', 'Covered of target')} ${q.year}</h2>
              <${Chart} option=${gaugeOption(q.used, q.quota, t('tercakup', 'covered'))}
                label=${`${num(q.used)} / ${num(q.quota)}`} height=${220} />
              <p class="big" data-testid="covered">${num(q.used)} ${t('dari', 'of')} ${num(q.quota)}</p>
            </section>
            <div class="cards">
              <${Card} title=${t('Anggaran terpakai', 'Budget committed')} value=${rupiah(q.budgetCommitted)}
                note=${`${t('dari plafon', 'of ceiling')} ${rupiah(q.budgetCeiling)} (${percent(q.budgetCommitted, q.budgetCeiling)})`} />
              <${Card} title=${t('Daftar tunggu', 'Waitlist')} value=${num(q.waitlisted)} />
              <${Card} title=${t('Sisa kuota', 'Places left')} value=${num(q.remaining)} />
              <${Card} title=${t('Unggahan hari ini', 'Uploads today')} value=${num(uploadsToday)} />
              <${Card} title=${t('Perlu perhatian', 'Need attention')} value=${num(attention)}
                tone=${attention > 0 ? 'warn' : 'ok'} note=${t('gagal, ditolak, menunggu persetujuan', 'failed, rejected, awaiting approval')} />
              <${Card} title=${t('Desa belum mengirim', 'Villages with nothing sent')}
                value=${silent ? num(silent.length) : '…'} tone=${silent?.length ? 'warn' : 'ok'} />
            </div>
          </div>`
        : html`<div class="cards">
            <${Card} title=${t('Terdaftar', 'Enrolled')} value=${num(total?.enrolled ?? 0)} />
            <${Card} title=${t('Baris diterima', 'Rows received')} value=${num(total?.rows ?? 0)} />
            <${Card} title=${t('Daftar tunggu', 'Waitlist')} value=${num(total?.waitlisted ?? 0)} />
            <${Card} title=${t('Unggahan hari ini', 'Uploads today')} value=${num(uploadsToday)} />
            <${Card} title=${t('Perlu perhatian', 'Need attention')} value=${num(attention)}
              tone=${attention > 0 ? 'warn' : 'ok'} />
          </div>`
    }
    ${areas.error ? html`<${ErrorView} error=${areas.error} />` : null}
    ${
      total
        ? html`<section class="panel"><h2>${t('Status pekerja (semua wilayah Anda)', 'Workers by status (all your areas)')}</h2>
            <dl class="counts" data-testid="area-totals">
              ${[
                'rows',
                'enrolled',
                'submitted',
                'reserved',
                'waitlisted',
                'referred',
                'duplicates',
                'rejected',
                'failed',
              ].map(
                (k) =>
                  html`<div><dt>${counterLabel(k)}</dt><dd data-counter=${k}>${num(total[k] ?? 0)}</dd></div>`,
              )}
            </dl></section>`
        : null
    }
  </${Page}>`;
}
