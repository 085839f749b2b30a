// The preview page: polls /status, and on a new version draws /view.
// Every text from the server goes into the page with textContent, never as HTML: content is data.
"use strict";

const POLL_MS = 100;
let shown = -1;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function sourceLines(excerpt) {
  // numbered lines; the line pointed at is highlighted, and the character at its column marked
  const pre = el("pre", "source");
  const width = String(excerpt.lines[excerpt.lines.length - 1][0]).length;
  for (const [number, text] of excerpt.lines) {
    const gutter = String(number).padStart(width) + "  ";
    if (number !== excerpt.line) {
      pre.append(el("span", "", gutter + text + "\n"));
      continue;
    }
    const at = Math.max(excerpt.column - 1, 0);
    const here = el("span", "here", gutter + text.slice(0, at));
    here.append(el("span", "column", text.slice(at, at + 1) || " "), text.slice(at + 1) + "\n");
    pre.append(here);
  }
  return pre;
}

function findingItem(item) {
  const draft = item.check === "draft";
  const li = el("li", draft ? "draft" : item.ok ? "ok" : "fail");
  const button = el("button", "finding");
  button.type = "button";
  if (!draft) button.append(el("span", "mark", item.ok ? "ok" : "FAIL"), el("span", "check", item.check));
  button.append(el("span", "message", item.message));
  if (item.where) button.append(el("span", "where", item.where));
  if (item.hint) button.append(el("span", "hint", "hint: " + item.hint));
  li.append(button);
  if (item.excerpt) {
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", () => {
      const open = li.querySelector(".source");
      if (open) { open.remove(); button.setAttribute("aria-expanded", "false"); return; }
      li.append(sourceLines(item.excerpt));
      button.setAttribute("aria-expanded", "true");
    });
  } else {
    button.disabled = true;
  }
  return li;
}

function drawError(view) {
  const box = document.getElementById("error");
  box.replaceChildren();
  const error = view.items.find((item) => item.check === "build" && !item.ok);
  box.hidden = !error;
  if (!error) return;
  box.append(el("h2", "", "The leaflet cannot be built"), el("p", "message", error.message));
  if (error.where) box.append(el("p", "where", error.where));
  if (error.hint) box.append(el("p", "hint", "hint: " + error.hint));
  if (error.excerpt) box.append(sourceLines(error.excerpt));
  if (view.pages.length) box.append(el("p", "stale", "The pages shown are from the last good build. Fix the error and save: the preview updates by itself."));
}

function pageFigure(page, number, count, stale) {
  const figure = el("figure", stale ? "stale" : "");
  const image = new Image();
  image.src = page.src;
  image.alt = "Page " + number + " of " + count;
  const text = el("details");
  text.append(el("summary", "", "Text of page " + number), el("pre", "", page.text));
  figure.append(el("figcaption", "", "Page " + number + " of " + count), image, text);
  return { figure, ready: image.decode().catch(() => undefined) };
}

async function drawPages(view) {
  const made = view.pages.map((page, i) => pageFigure(page, i + 1, view.pages.length, view.stale));
  await Promise.all(made.map((m) => m.ready));  // swap when every image is loaded: no blank flash
  document.getElementById("pages").replaceChildren(...made.map((m) => m.figure));
}

function drawState(view) {
  const state = document.getElementById("state");
  const failed = view.items.filter((item) => !item.ok).length;
  if (view.items.some((item) => item.check === "build" && !item.ok)) {
    state.className = "error";
    state.textContent = "Cannot build: see the error";
  } else if (failed) {
    state.className = "fail";
    state.textContent = failed + " check" + (failed > 1 ? "s" : "") + " failed";
  } else {
    state.className = "ok";
    const drafts = view.drafts.length ? " · draft: " + view.drafts.length + " to set" : "";
    state.textContent = "All " + view.items.length + " checks pass · " + view.pages.length + " pages" + drafts;
  }
  document.getElementById("file").textContent = view.file + (view.title ? " — " + view.title : "");
  document.title = (view.ok ? "✓ " : "✗ ") + view.file + " · preview";
}

function drawLists(view) {
  const broken = view.items.some((item) => item.check === "build");
  const failedFirst = [...view.items.filter((i) => !i.ok), ...view.items.filter((i) => i.ok)];
  document.getElementById("findings").replaceChildren(...(broken ? [] : failedFirst.map(findingItem)));
  document.getElementById("not-run").hidden = !broken;
  document.getElementById("checks-help").hidden = broken;
  const drafts = document.getElementById("drafts");
  drafts.hidden = broken || !view.drafts.length;
  document.getElementById("draft-count").textContent = view.drafts.length === 1
    ? "1 thing to set before it is published" : view.drafts.length + " things to set before it is published";
  document.getElementById("draft-marks").replaceChildren(...view.drafts.map(findingItem));
}

async function draw() {
  const view = await (await fetch("/view", { cache: "no-store" })).json();
  if (view.version === 0) return;  // the first build is still running
  await drawPages(view);
  drawError(view);
  drawLists(view);
  drawState(view);
  shown = view.version;
  document.body.dataset.version = String(view.version);
}

async function poll() {
  try {
    const status = await (await fetch("/status", { cache: "no-store" })).json();
    if (status.version !== shown) await draw();
  } catch (e) {
    const state = document.getElementById("state");
    state.className = "error";
    state.textContent = "The preview server has stopped (run leaflet preview again)";
  }
  setTimeout(poll, POLL_MS);
}

poll();
