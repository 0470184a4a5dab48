"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { formatAge, formatNumber } from "@/components/console/format";
import { Stat, type StatTone } from "@/components/console/stat";
import { errorInfo } from "@/components/ui/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { RowHeader, Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { orderStatusLabels } from "@/server/vocabulary/orders";
import { HourlyChart } from "./hourly-chart";
import { OpenAlerts } from "./open-alerts";
import { RefreshBar } from "./refresh-bar";

const REFRESH_SECONDS = 10;

const words = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replaceAll("_", " ");

/**
 * One tile; the whole tile is the link (stretched over it), named by `linkLabel`. Each tile is
 * its own <dl> so the link can sit on a positioned wrapper.
 */
function Tile({ label, value, hint, tone, href, linkLabel }: { label: string; value: ReactNode; hint?: ReactNode; tone?: StatTone; href?: string; linkLabel?: string }) {
  return (
    <div className="relative rounded-xl focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-brand-600">
      <dl className="h-full [&>div]:h-full">
        <Stat
          label={label}
          value={value}
          tone={tone}
          hint={
            <>
              {hint && <span className="block">{hint}</span>}
              {href && (
                <Link href={href} className="mt-1 inline-block font-medium text-brand-700 outline-none after:absolute after:inset-0 after:rounded-xl hover:underline">
                  {linkLabel}
                </Link>
              )}
            </>
          }
        />
      </dl>
    </div>
  );
}

function Section({ id, title, children, action }: { id: string; title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Card aria-labelledby={id} role="region">
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 id={id} className="text-base font-semibold text-slate-900">
          {title}
        </h2>
        {action}
      </div>
      {children}
    </Card>
  );
}

/** The ops dashboard: system health at a glance, refreshed every 10 seconds unless paused. */
export function OpsDashboard() {
  const trpc = useTRPC();
  const [paused, setPaused] = useState(false);
  const query = useQuery({ ...trpc.dashboard.get.queryOptions(), refetchInterval: paused ? false : REFRESH_SECONDS * 1000, staleTime: 0 });

  if (query.isPending) return <p className="text-sm text-slate-600">Loading the dashboard…</p>;
  if (query.isError && !query.data) return <Alert tone="error" title="Dashboard unavailable">{errorInfo(query.error).message}</Alert>;
  const d = query.data!;
  const stuck = d.reservations.expiredActive + d.reservations.drift;
  const lagging = d.outbox.lagging;

  return (
    <section aria-labelledby="ops-dashboard-heading" className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="ops-dashboard-heading" className="text-lg font-semibold text-slate-900">
          System health
        </h2>
        <RefreshBar
          id="ops-dashboard-live"
          updatedAt={query.dataUpdatedAt}
          paused={paused}
          onPausedChange={setPaused}
          onRefresh={() => void query.refetch()}
          refreshing={query.isFetching}
          intervalSeconds={REFRESH_SECONDS}
        />
      </div>
      {query.isError && <Alert tone="error">Showing the last figures: {errorInfo(query.error).message}</Alert>}

      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Tile label="Orders today" value={formatNumber(d.ordersToday.total)} hint={`${formatNumber(d.ordersToday.byStatus.find((s) => s.status === "cancelled")?.count ?? 0)} cancelled`} />
        <Tile
          label="Outbox depth"
          value={formatNumber(d.outbox.pending)}
          hint={`Oldest pending: ${formatAge(d.outbox.oldestPendingAgeSeconds)}${d.outbox.failed > 0 ? ` · ${formatNumber(d.outbox.failed)} failed` : ""}`}
          tone={d.outbox.failed > 0 ? "danger" : lagging ? "warning" : "default"}
          href="/console/outbox"
          linkLabel="Open the outbox"
        />
        <Tile label="Events per minute" value={formatNumber(d.outbox.eventsPerMinute)} hint={`${formatNumber(d.outbox.sentLastFiveMinutes)} sent in the last 5 minutes`} />
        <Tile
          label="Failed compensations"
          value={formatNumber(d.compensations.open)}
          hint={d.compensations.exhausted > 0 ? `${formatNumber(d.compensations.exhausted)} exhausted, need a replay` : "Waiting for automatic retry"}
          tone={d.compensations.exhausted > 0 ? "danger" : d.compensations.open > 0 ? "warning" : "default"}
          href="/console/compensations"
          linkLabel="Open failed compensations"
        />
        <Tile
          label="Stuck reservations"
          value={formatNumber(stuck)}
          hint={`${formatNumber(d.reservations.expiredActive)} past expiry · ${formatNumber(d.reservations.drift)} with drift`}
          tone={stuck > 0 ? "warning" : "default"}
          href="/console/reservations"
          linkLabel="Open stuck reservations"
        />
        <Tile
          label="SLA breaches"
          value={formatNumber(d.slaBreaches)}
          hint="Flagged and not shipped yet"
          tone={d.slaBreaches > 0 ? "danger" : "default"}
          href="/console/fulfillments"
          linkLabel="Open fulfillments"
        />
        <Tile
          label="Low-stock SKUs"
          value={formatNumber(d.lowStock.count)}
          hint="Available at or below the threshold"
          tone={d.lowStock.count > 0 ? "warning" : "default"}
          href="/console/inventory"
          linkLabel="Open inventory"
        />
        <Tile label="Open alerts" value={formatNumber(d.alerts.open)} hint="Not acknowledged yet" tone={d.alerts.open > 0 ? "warning" : "default"} />
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <HourlyChart
          id="chart-events"
          title="Events sent per hour"
          description="Outbox events delivered to the workflow engine in each of the last 24 hours."
          unit="events"
          color="#4f46e5"
          points={d.series.map((p) => ({ hour: p.hour, value: p.events }))}
        />
        <HourlyChart
          id="chart-orders"
          title="Orders placed per hour"
          description="Orders created in each of the last 24 hours."
          unit="orders"
          color="#059669"
          points={d.series.map((p) => ({ hour: p.hour, value: p.orders }))}
        />
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <Section id="ops-alerts" title="Open alerts">
          <OpenAlerts alerts={d.alerts} />
        </Section>
        <Section id="ops-orders-today" title="Orders today by status">
          <Table variant="compact" caption="Orders created today, by status">
            <TableHead>
              <Th>Status</Th>
              <Th numeric>Orders</Th>
            </TableHead>
            <TableBody>
              {d.ordersToday.byStatus.map((s) => (
                <tr key={s.status}>
                  <RowHeader className="text-slate-800">{orderStatusLabels[s.status]}</RowHeader>
                  <Td numeric>{formatNumber(s.count)}</Td>
                </tr>
              ))}
            </TableBody>
          </Table>
        </Section>
        <Section
          id="ops-compensations"
          title="Failed compensations by operation"
          action={
            <Link href="/console/compensations" className="text-sm font-medium text-brand-700 hover:underline">
              Review and replay
            </Link>
          }
        >
          {d.compensations.byOperationStatus.length === 0 ? (
            <p className="text-sm text-slate-600">No compensation has failed.</p>
          ) : (
            <Table variant="compact" caption="Failed compensations by operation and status">
              <TableHead>
                <Th>Operation</Th>
                <Th>Status</Th>
                <Th numeric>Count</Th>
              </TableHead>
              <TableBody>
                {d.compensations.byOperationStatus.map((r) => (
                  <tr key={`${r.operation}-${r.status}`}>
                    <RowHeader className="text-slate-800">{words(r.operation)}</RowHeader>
                    <Td className={r.status === "exhausted" ? "font-medium text-red-700" : "text-slate-700"}>{words(r.status)}</Td>
                    <Td numeric>{formatNumber(r.count)}</Td>
                  </tr>
                ))}
              </TableBody>
            </Table>
          )}
        </Section>
        <Section
          id="ops-low-stock"
          title="Low-stock SKUs"
          action={
            <Link href="/console/inventory" className="text-sm font-medium text-brand-700 hover:underline">
              Inventory levels
            </Link>
          }
        >
          {d.lowStock.top.length === 0 ? (
            <p className="text-sm text-slate-600">Every SKU is above its low-stock threshold.</p>
          ) : (
            <>
              <Table variant="compact" caption="The low-stock SKUs furthest below their threshold">
                <TableHead>
                  <Th>SKU</Th>
                  <Th>Warehouse</Th>
                  <Th numeric>On hand</Th>
                  <Th numeric>Reserved</Th>
                  <Th numeric>Available</Th>
                  <Th numeric>Threshold</Th>
                </TableHead>
                <TableBody>
                  {d.lowStock.top.map((r) => (
                    <tr key={`${r.sku}-${r.warehouseCode}`}>
                      <RowHeader>
                        <span className="font-mono text-slate-900">{r.sku}</span>
                        <span className="block max-w-56 truncate text-xs text-slate-500">{r.name}</span>
                      </RowHeader>
                      <Td>{r.warehouseCode}</Td>
                      <Td numeric>{formatNumber(r.onHand)}</Td>
                      <Td numeric>{formatNumber(r.reserved)}</Td>
                      <Td numeric className={r.available <= 0 ? "font-medium text-red-700" : undefined}>
                        {formatNumber(r.available)}
                      </Td>
                      <Td numeric>{formatNumber(r.threshold)}</Td>
                    </tr>
                  ))}
                </TableBody>
              </Table>
              {d.lowStock.count > d.lowStock.top.length && (
                <p className="mt-2 text-xs text-slate-500">
                  The {d.lowStock.top.length} furthest below their threshold of {formatNumber(d.lowStock.count)}.
                </p>
              )}
            </>
          )}
        </Section>
      </div>
    </section>
  );
}
