import { sql } from "drizzle-orm";
import type { CompensationOperation, CompensationStatus } from "@/server/vocabulary/compensations";
import { orderStatuses, type OrderStatus } from "@/server/vocabulary/orders";
import type { DbOrTx } from "@/db/client";
import { reservationDrift, STUCK_GRACE_MINUTES } from "@/server/inventory";
import { outboxStats } from "@/server/outbox";
import { OUTBOX_LAG_LIMIT_SECONDS } from "@/server/vocabulary/outbox";

/** How many hours the dashboard's charts cover; one point per hour, the current hour last. */
export const SERIES_HOURS = 24;
/** Events per minute are averaged over this many minutes. */
const RATE_WINDOW_MINUTES = 5;

export type OpsDashboard = {
  /** When the figures were read (database clock). */
  generatedAt: Date;
  ordersToday: { since: Date; total: number; byStatus: { status: OrderStatus; count: number }[] };
  outbox: {
    pending: number;
    failed: number;
    oldestPendingAgeSeconds: number | null;
    /** The oldest pending event waits longer than the readiness limit: the relay is behind. */
    lagging: boolean;
    sentLastFiveMinutes: number;
    eventsPerMinute: number;
  };
  /** SERIES_HOURS points, oldest first; hours with nothing are 0. */
  series: { hour: Date; events: number; orders: number }[];
  compensations: {
    /** Waiting for the retry cron or exhausted: what ops may have to act on. */
    open: number;
    exhausted: number;
    byOperationStatus: { operation: CompensationOperation; status: CompensationStatus; count: number }[];
  };
  /** Active past expiry by more than the stuck-reservations grace (the expiry cron had its chance), and drifted levels. */
  reservations: { expiredActive: number; drift: number };
  slaBreaches: number;
  /** Rows where on_hand − reserved ≤ low_stock_threshold; `top` are the 10 furthest below it. */
  lowStock: {
    count: number;
    top: { warehouseCode: string; sku: string; name: string; onHand: number; reserved: number; available: number; threshold: number }[];
  };
  alerts: {
    open: number;
    newest: { id: string; kind: string; severity: "warning" | "critical"; message: string; orderNumber: string | null; createdAt: Date }[];
  };
};

const num = (v: string | number | null | undefined) => Number(v ?? 0);
/** Raw SQL returns timestamps as text; the queries below select epoch milliseconds instead. */
const fromMs = (v: string | number) => new Date(Number(v));

/**
 * Figures for the ops dashboard. Each query is served by an existing index except where noted:
 * - orders today and orders per hour: orders_created_idx (created_at, id) range scan;
 * - events sent per hour / per minute: the partial outbox_sent_idx (sent_at where sent);
 * - outbox pending: the partial outbox_pending_position_idx; outbox failed has no index
 *   (outboxStats counts it with a scan; an `outbox (position) where status = 'failed'` partial
 *   index would serve it);
 * - failed compensations: failed_compensations_list_idx (status, operation, ...), index-only;
 * - expired active reservations: the partial reservations_item_idx (live rows only);
 * - open alerts: ops_alerts_open_idx (acknowledged_at, created_at);
 * - SLA breaches: NO index on fulfillments.sla_breached_at — a scan of fulfillments (a partial
 *   index `fulfillments (created_at) where sla_breached_at is not null and status not in
 *   ('shipped','completed','cancelled')` would make it cheap);
 * - low stock and drift: inventory_levels is one row per SKU and warehouse (small), scanned.
 */
export async function opsDashboard(db: DbOrTx): Promise<OpsDashboard> {
  const [now, ordersToday, outbox, rate, series, compensations, expired, drift, sla, lowStock, alertCount, alerts] = await Promise.all([
    db.execute<{ now_ms: string; today_ms: string }>(sql`
      select (extract(epoch from now()) * 1000)::bigint as now_ms,
             (extract(epoch from date_trunc('day', now())) * 1000)::bigint as today_ms`),
    db.execute<{ status: OrderStatus; n: string }>(sql`
      select status, count(*) as n from orders where created_at >= date_trunc('day', now()) group by status`),
    outboxStats(db),
    db.execute<{ n: string }>(sql`
      select count(*) as n from outbox
      where status = 'sent' and sent_at > now() - make_interval(mins => ${RATE_WINDOW_MINUTES})`),
    db.execute<{ hour_ms: string; events: string; orders: string }>(sql`
      with bounds as (select date_trunc('hour', now()) - make_interval(hours => ${SERIES_HOURS - 1}) as first_hour),
      hours as (
        select generate_series((select first_hour from bounds), date_trunc('hour', now()), interval '1 hour') as hour
      ),
      sent as (
        select date_trunc('hour', sent_at) as hour, count(*) as n from outbox
        where status = 'sent' and sent_at >= (select first_hour from bounds)
        group by 1
      ),
      placed as (
        select date_trunc('hour', created_at) as hour, count(*) as n from orders
        where created_at >= (select first_hour from bounds)
        group by 1
      )
      select (extract(epoch from h.hour) * 1000)::bigint as hour_ms,
             coalesce(sent.n, 0) as events, coalesce(placed.n, 0) as orders
      from hours h
      left join sent on sent.hour = h.hour
      left join placed on placed.hour = h.hour
      order by h.hour`),
    db.execute<{ operation: CompensationOperation; status: CompensationStatus; n: string }>(sql`
      select operation, status, count(*) as n from failed_compensations group by operation, status order by operation, status`),
    db.execute<{ n: string }>(sql`
      select count(*) as n from reservations
      where status = 'active' and expires_at < now() - make_interval(mins => ${STUCK_GRACE_MINUTES})`),
    reservationDrift(db),
    db.execute<{ n: string }>(sql`
      select count(*) as n from fulfillments
      where sla_breached_at is not null and status not in ('shipped', 'completed', 'cancelled')`),
    db.execute<{ code: string; sku: string; name: string; on_hand: number; reserved: number; threshold: number; available: number; total: string }>(sql`
      select w.code, p.sku, p.name, il.on_hand, il.reserved, il.low_stock_threshold as threshold,
             il.on_hand - il.reserved as available, count(*) over () as total
      from inventory_levels il
      join products p on p.id = il.product_id
      join warehouses w on w.id = il.warehouse_id
      where il.on_hand - il.reserved <= il.low_stock_threshold
      order by (il.on_hand - il.reserved) - il.low_stock_threshold, p.sku, w.code
      limit 10`),
    db.execute<{ n: string }>(sql`select count(*) as n from ops_alerts where acknowledged_at is null`),
    db.execute<{ id: string; kind: string; severity: "warning" | "critical"; message: string; number: string | null; created_ms: string }>(sql`
      select a.id, a.kind, a.severity, a.message, o.number, (extract(epoch from a.created_at) * 1000)::bigint as created_ms
      from ops_alerts a
      left join orders o on o.id = a.order_id
      where a.acknowledged_at is null
      order by a.created_at desc, a.id desc
      limit 10`),
  ]);

  const counts = new Map(Array.from(ordersToday, (r) => [r.status, num(r.n)]));
  const byOperationStatus = Array.from(compensations, (r) => ({ operation: r.operation, status: r.status, count: num(r.n) }));
  const sentLastFiveMinutes = num(rate[0]?.n);
  const low = Array.from(lowStock);

  return {
    generatedAt: fromMs(now[0]!.now_ms),
    ordersToday: {
      since: fromMs(now[0]!.today_ms),
      total: [...counts.values()].reduce((a, b) => a + b, 0),
      byStatus: orderStatuses.map((status) => ({ status, count: counts.get(status) ?? 0 })),
    },
    outbox: {
      pending: outbox.pending,
      failed: outbox.failed,
      oldestPendingAgeSeconds: outbox.oldestPendingAgeSeconds,
      lagging: (outbox.oldestPendingAgeSeconds ?? 0) > OUTBOX_LAG_LIMIT_SECONDS,
      sentLastFiveMinutes,
      eventsPerMinute: Math.round((sentLastFiveMinutes / RATE_WINDOW_MINUTES) * 10) / 10,
    },
    series: Array.from(series, (r) => ({ hour: fromMs(r.hour_ms), events: num(r.events), orders: num(r.orders) })),
    compensations: {
      open: byOperationStatus.filter((r) => r.status === "pending" || r.status === "exhausted").reduce((a, r) => a + r.count, 0),
      exhausted: byOperationStatus.filter((r) => r.status === "exhausted").reduce((a, r) => a + r.count, 0),
      byOperationStatus,
    },
    reservations: { expiredActive: num(expired[0]?.n), drift: Array.from(drift).length },
    slaBreaches: num(sla[0]?.n),
    lowStock: {
      count: num(low[0]?.total),
      top: low.map((r) => ({
        warehouseCode: r.code,
        sku: r.sku,
        name: r.name,
        onHand: num(r.on_hand),
        reserved: num(r.reserved),
        available: num(r.available),
        threshold: num(r.threshold),
      })),
    },
    alerts: {
      open: num(alertCount[0]?.n),
      newest: Array.from(alerts, (r) => ({
        id: r.id,
        kind: r.kind,
        severity: r.severity,
        message: r.message,
        orderNumber: r.number,
        createdAt: fromMs(r.created_ms),
      })),
    },
  };
}
