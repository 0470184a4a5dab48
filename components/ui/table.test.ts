import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { RowHeader, Table, TableBody, TableHead, Td, Th } from "./table";

type TableProps = Parameters<typeof Table>[0];
type WithoutChildren<T> = T extends unknown ? Omit<T, "children"> : never;

/** A one-row orders table with the given table props, rendered to HTML. */
const orders = (props: WithoutChildren<TableProps>) =>
  renderToStaticMarkup(
    h(
      Table,
      props as TableProps,
      h(TableHead, null, h(Th, null, "Order"), h(Th, { numeric: true }, "Units")),
      h(TableBody, null, h("tr", { key: "1" }, h(RowHeader, null, "D100001"), h(Td, { numeric: true }, "3"))),
    ),
  );

describe("console Table markup (issue 13)", () => {
  it("names the table by a hidden caption and scopes its header cells", () => {
    const html = orders({ caption: "Orders, newest first" });
    expect(html).toContain('<caption class="sr-only">Orders, newest first</caption>');
    expect(html.match(/<th scope="col"/g)).toHaveLength(2);
    expect(html).toMatch(/<th scope="row"[^>]*>D100001<\/th>/);
    expect(html).toMatch(/<th scope="col" class="[^"]*text-right[^"]*">Units<\/th>/);
  });

  it("takes aria-label instead of a caption, marks itself busy and shows the empty message in its box", () => {
    const html = orders({ "aria-label": "Orders found", busy: true, empty: "No order matches this search." });
    expect(html).toMatch(/<table [^>]*aria-label="Orders found" aria-busy="true"/);
    expect(html).not.toContain("<caption");
    expect(html).toMatch(/<\/table><p [^>]*>No order matches this search\.<\/p><\/div>$/);
  });

  it("the sr-only variant is a bare visually hidden table", () => {
    const html = orders({ variant: "sr-only", caption: "Events per hour" });
    expect(html).toMatch(/^<table class="sr-only"><caption>Events per hour<\/caption><thead><tr><th scope="col">Order<\/th>/);
  });
});
