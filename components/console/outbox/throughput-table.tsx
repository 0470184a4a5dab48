"use client";

import { formatNumber } from "@/components/console/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { RowHeader, Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import type { EventThroughput } from "@/server/outbox";

/** Sent in the last hour and 24 h, pending and failed, per event name; failed ones can be retried in bulk. */
export function ThroughputTable({ rows, busyName, onRetryAll }: { rows: EventThroughput[]; busyName: string | null; onRetryAll: (name: string) => void }) {
  return (
    <Table variant="compact" caption="Events per name: sent in the last hour and the last 24 hours, pending and failed">
      <TableHead>
        <Th>Event name</Th>
        <Th numeric>Sent, last hour</Th>
        <Th numeric>Sent, last 24 h</Th>
        <Th numeric>Pending</Th>
        <Th numeric>Failed</Th>
        <Th>
          <span className="sr-only">Actions</span>
        </Th>
      </TableHead>
      <TableBody>
        {rows.map((r) => (
          <tr key={r.name}>
            <RowHeader>
              <span className="font-mono text-slate-900">{r.name}</span>
              {!r.inCatalog && (
                <Badge tone="warning" className="ml-2">
                  not in catalog
                </Badge>
              )}
            </RowHeader>
            <Td numeric>{formatNumber(r.sentLastHour)}</Td>
            <Td numeric>{formatNumber(r.sentLastDay)}</Td>
            <Td numeric>{formatNumber(r.pending)}</Td>
            <Td numeric className={r.failed > 0 ? "font-semibold text-red-700" : undefined}>
              {formatNumber(r.failed)}
            </Td>
            <Td className="text-right">
              {r.failed > 0 && (
                <Button size="sm" variant="secondary" loading={busyName === r.name} disabled={busyName !== null && busyName !== r.name} onClick={() => onRetryAll(r.name)}>
                  Retry all failed<span className="sr-only"> of {r.name}</span>
                </Button>
              )}
            </Td>
          </tr>
        ))}
      </TableBody>
    </Table>
  );
}
