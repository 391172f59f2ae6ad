// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to an error summary so screen reader users hear what went wrong.
  const summary = document.querySelector(".error-summary");
  if (summary instanceof HTMLElement) summary.focus();
  // Ask before destructive actions marked with data-confirm.
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.getAttribute("data-confirm") || "Are you sure?")) event.preventDefault();
    });
  }
});

// The post check, as you type: the form still works on submit without this.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("post-check-form");
  const text = document.getElementById("text");
  if (!(form instanceof HTMLFormElement) || !(text instanceof HTMLTextAreaElement)) return;
  const live = document.createElement("div");
  live.id = "live-check";
  live.setAttribute("aria-live", "polite");
  live.className = "live-check";
  form.after(live);
  let timer = 0;
  let asked = 0;
  const check = async () => {
    const data = new FormData(form);
    const body = {
      text: String(data.get("text") || ""),
      context: String(data.get("context") || "personal"),
      school: String(data.get("school") || ""),
      draft: true,
    };
    if (!body.text.trim()) {
      live.replaceChildren();
      return;
    }
    const mine = ++asked;
    const res = await fetch("/api/v1/posts/check", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (mine !== asked || !res.ok) return;
    const result = await res.json();
    const heading = document.createElement("p");
    const words = {
      clear: "Nothing found so far (you stay responsible for the post)",
      review: "Ask a leader first",
      block: "Do not post",
    };
    heading.textContent = `As you type: ${words[result.verdict] || result.verdict}`;
    const list = document.createElement("ul");
    for (const f of result.findings) {
      const item = document.createElement("li");
      item.textContent = `${f.severity}: “${f.excerpt}” ${f.explanation} (clause ${f.clause})`;
      list.append(item);
    }
    live.replaceChildren(heading, list);
  };
  const schedule = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void check(), 600);
  };
  text.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
});
