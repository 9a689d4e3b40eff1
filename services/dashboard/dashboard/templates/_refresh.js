// Refreshes every section from /api/overview without reloading the page. Data only ever goes
// through textContent and setAttribute, never innerHTML, so a product name cannot become markup.
(function () {
  "use strict";
  const overviewUrl = document.body.dataset.overviewUrl;
  const every = Number(document.body.dataset.refreshMs) || 2000;
  const notice = document.getElementById("connection-notice");
  let unreachableSince = null;

  function el(tag, text, attributes) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    return node;
  }
  function td(content, className) {
    const cell = el("td", null, className ? { class: className } : {});
    for (const part of [].concat(content)) {
      if (part === null || part === undefined) continue;
      cell.append(part instanceof Node ? part : document.createTextNode(String(part)));
    }
    return cell;
  }
  function row(attributes, cells) {
    const tr = el("tr", null, attributes);
    tr.append(...cells);
    return tr;
  }
  function badge(status) {
    return el("span", status, { class: "badge badge-" + status, "data-status": status });
  }
  function muted(text) { return el("span", text, { class: "muted" }); }
  function code(text) { return el("code", text); }
  function money(cents) {
    return cents === null || cents === undefined ? "" : Math.floor(cents / 100) + "." + String(cents % 100).padStart(2, "0");
  }
  function moment(rfc3339) { return rfc3339 ? rfc3339.slice(0, 19).replace("T", " ") : ""; }
  function isDeadLetter(name) { return name.endsWith(".dead-letter"); }

  function fill(id, rows, columns, emptyText) {
    const empty = row({ class: "empty" }, [el("td", emptyText, { colspan: columns })]);
    document.getElementById(id).replaceChildren(...(rows.length ? rows : [empty]));
  }

  function renderSystem(view) {
    fill("services", Object.entries(view.services).map(([name, service]) => {
      const checks = (service.ready && service.ready.checks) || {};
      const breakers = Object.entries(checks.breakers || {}).map(([d, s]) => d + ": " + s).join(", ") || "none";
      const note = service.error || (service.checked_at ? "checked " + moment(service.checked_at) : "");
      return row({ "data-service": name, "data-status": service.status }, [
        el("th", name, { scope: "row" }), td(badge(service.status)), td(checks.broker || ""),
        td(checks.outbox_backlog === undefined ? "" : checks.outbox_backlog, "number"), td(breakers), td(note, "muted"),
      ]);
    }), 6, "");
    const broker = document.getElementById("broker");
    broker.dataset.status = view.broker.status;
    broker.dataset.stale = String(Boolean(view.broker.stale));
    broker.querySelector(".badge").replaceWith(badge(view.broker.status));
    document.getElementById("broker-stale").hidden = !view.broker.stale;
    document.getElementById("rabbitmq-management-link").href = view.broker.management_url;
    const deadLetters = view.queues.filter((q) => isDeadLetter(q.name)).reduce((sum, q) => sum + q.messages, 0);
    const counter = document.getElementById("dead-letter-count");
    counter.textContent = String(deadLetters);
    counter.className = deadLetters ? "alert" : "";
    fill("queues", view.queues.map((q) => row(
      { "data-queue": q.name, "data-dead-letter": String(isDeadLetter(q.name)), class: isDeadLetter(q.name) && q.messages ? "alert" : "" },
      [el("th", q.name, { scope: "row" }), td(q.messages, "number"), td(q.messages_ready, "number"),
        td(q.messages_unacknowledged, "number"), td(q.consumers, "number")],
    )), 5, "No queue figures yet.");
  }

  function renderProducts(view) {
    const stock = new Map(view.stock_levels.map((level) => [level.product_id, level]));
    const rows = view.products.map((product) => {
      const level = stock.get(product.product_id);
      stock.delete(product.product_id);
      return [product.product_id, el("th", product.name, { scope: "row" }), product.price_cents, level];
    });
    for (const [productId, level] of stock) {
      const heading = el("th", null, { scope: "row" });
      heading.append(muted(productId));
      rows.push([productId, heading, null, level]);
    }
    fill("products", rows.map(([productId, heading, price, level]) => row({ "data-product-id": productId }, [
      heading, td(money(price), "number"), td(level ? level.on_hand : "", "number"),
      td(level ? level.reserved : "", "number"), td(level ? level.available : "", "number"),
    ])), 5, "No products yet.");
  }

  function renderOrders(view, names) {
    fill("sales-orders", view.sales_orders.map((order) => row(
      { "data-sales-order-id": order.sales_order_id, "data-status": order.status },
      [td(code(order.sales_order_id)), td(names.get(order.product_id) || order.product_id),
        td(order.quantity, "number"),
        td([money(order.unit_price_cents), order.price_source ? " " : null, order.price_source ? muted("(" + order.price_source + ")") : null], "number"),
        td([badge(order.status), order.rejection_reason ? " " : null, order.rejection_reason ? muted(order.rejection_reason) : null])],
    )), 5, "No sales orders yet.");
    fill("purchase-orders", view.purchase_orders.map((order) => row(
      { "data-purchase-order-id": order.purchase_order_id, "data-status": order.status },
      [td(code(order.purchase_order_id)), td(names.get(order.product_id) || order.product_id),
        td(order.quantity, "number"), td(badge(order.status))],
    )), 4, "No received purchase orders yet.");
  }

  function renderEvents(view) {
    fill("events", view.events.map((event) => row(
      { "data-event-id": event.id, "data-event-type": event.type },
      [td(el("time", moment(event.occurred_at), { datetime: event.occurred_at })),
        td([code(event.type), " ", muted("v" + event.version)]), td(event.producer), td(code(event.correlation_id))],
    )), 4, "No events yet.");
  }

  function render(view) {
    const names = new Map(view.products.map((product) => [product.product_id, product.name]));
    renderSystem(view);
    renderProducts(view);
    renderOrders(view, names);
    renderEvents(view);
    const updated = document.getElementById("last-updated");
    updated.dateTime = view.generated_at;
    updated.textContent = moment(view.generated_at);
  }

  function reachable() {
    unreachableSince = null;
    notice.hidden = true;
    document.body.dataset.connection = "ok";
  }
  function unreachable(error) {
    unreachableSince = unreachableSince || new Date();
    notice.textContent = "The dashboard cannot be reached since " + unreachableSince.toLocaleTimeString() +
      " (" + error.message + "); showing the last data it sent.";
    notice.hidden = false;
    document.body.dataset.connection = "lost";
  }

  async function refresh() {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), every * 2);
    try {
      const response = await fetch(overviewUrl, { cache: "no-store", headers: { Accept: "application/json" }, signal: controller.signal });
      if (!response.ok) throw new Error("HTTP " + response.status);
      render(await response.json());
      reachable();
    } catch (error) {
      unreachable(error);
    } finally {
      clearTimeout(timer);
      setTimeout(refresh, every);
    }
  }
  document.body.dataset.connection = "ok";
  setTimeout(refresh, every);
})();
