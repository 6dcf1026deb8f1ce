// The verification page: sends each chosen file to POST /v1/verify (the HTTP/JSON form of the gRPC Verify call)
// and shows the answer; the auditor part reads GET /v1/reports with the auditor key as a bearer token. Everything
// is put into the page with textContent, never as HTML.
"use strict";

const VERDICTS = {
  VERDICT_VERIFIED: ["Verified", "A signed C2PA manifest in the file validates: signature, certificate chain to a trusted anchor and the hash of the content."],
  VERDICT_RECOVERED: ["Recovered", "The file has no valid manifest (it was probably re-encoded or stripped), but its invisible watermark leads to a manifest this service stored, and the picture matches it."],
  VERDICT_TAMPERED: ["Tampered", "A manifest is present but its hashes or signature fail, or the watermark contradicts it: the file was changed after signing."],
  VERDICT_UNTRUSTED: ["Untrusted", "The signature and hashes are fine, but the signer is not trusted, revoked or expired."],
  VERDICT_DECLARED: ["Declared only", "Only unsigned claims (an AIGC label or IPTC source type in the metadata), with no signature or watermark behind them."],
  VERDICT_MISSING: ["No provenance", "No manifest, no watermark and no provenance metadata were found."],
};
const LABELS = {
  AIGC_LABEL_NONE: "No AI label required",
  AIGC_LABEL_AI_GENERATED: "AI-generated (label 1)",
  AIGC_LABEL_POSSIBLY_AI_GENERATED: "Possibly AI-generated (label 2)",
  AIGC_LABEL_SUSPECTED_AI_GENERATED: "Suspected AI-generated (label 3)",
};
const KINDS = { KIND_SUCCESS: "success", KIND_INFORMATIONAL: "information", KIND_FAILURE: "failure" };
const AUDITOR_KEY = "provenance.auditorKey";

function $(selector, root = document) { return root.querySelector(selector); }

function show(element, text) {
  element.textContent = text;
  element.hidden = !text;
}

/** The file's bytes as base64, in slices so that large files do not overflow the argument list. */
async function base64Of(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** The service's error text: transcoded gRPC errors are {"code","message"}; anything else by HTTP status. */
function errorText(status, body) {
  try {
    const parsed = JSON.parse(body);
    if (parsed && parsed.message) return parsed.message;
  } catch (_) { /* not JSON */ }
  if (status === 413) return "The file is larger than this service accepts.";
  return `The service answered HTTP ${status}.`;
}

/** POST with upload progress (fetch has none). Resolves to the parsed JSON, rejects with a readable Error. */
function postJson(url, json, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.setRequestHeader("Content-Type", "application/json");
    request.upload.onprogress = e => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    request.onload = () => {
      if (request.status === 200) resolve(JSON.parse(request.responseText));
      else reject(new Error(errorText(request.status, request.responseText)));
    };
    request.onerror = () => reject(new Error("The service could not be reached."));
    request.send(json);
  });
}

async function getJson(url, bearer) {
  const headers = bearer ? { Authorization: "Bearer " + bearer } : {};
  const response = await fetch(url, { headers });
  const body = await response.text();
  if (!response.ok) throw new Error(errorText(response.status, body));
  return JSON.parse(body);
}

function addField(list, name, value) {
  if (value === undefined || value === null || value === "") return;
  const dt = document.createElement("dt");
  dt.textContent = name;
  const dd = document.createElement("dd");
  if (value instanceof Node) dd.append(value); else dd.textContent = value;
  list.append(dt, dd);
}

/** Actions as a tree: each action with what it says, one level per entry ("c2pa.opened: parent.jpg"). */
function actionTree(actions) {
  const tree = document.createElement("ul");
  tree.className = "tree";
  for (const action of actions) {
    const item = document.createElement("li");
    item.textContent = action;
    tree.append(item);
  }
  return tree;
}

function renderVerdict(item, answer) {
  const verdict = answer.verdict || "VERDICT_UNSPECIFIED";
  const [name, meaning] = VERDICTS[verdict] || [verdict, ""];
  item.dataset.verdict = verdict;
  $(".verdict", item).textContent = name;
  $(".verdict-reason", item).textContent = answer.verdictReason || meaning;
  $(".label-to-show", item).textContent = LABELS[answer.aigcLabel] || answer.aigcLabel;
  $(".label-reason", item).textContent = "Why: " + (answer.aigcLabelReason || "");

  const mark = answer.watermark || {};
  let watermark;
  if (mark.boundByManifest) {
    watermark = `Watermark: not read, the signed manifest covers these exact pixels; the manifest names watermark ID ${mark.id}.`;
  } else if (mark.detected) {
    watermark = `Watermark: ID ${mark.id}, confidence ${(mark.confidence * 100).toFixed(1)} %` +
      (mark.resolved ? ", found in this service's records" : ", not found in this service's records") +
      (mark.resolved ? (mark.fingerprintMatches ? ", picture matches the signed one." : ", picture does not match the signed one.") : ".");
  } else {
    watermark = "Watermark: none detected.";
  }
  $(".watermark", item).textContent = watermark;
  $(".report", item).textContent = answer.reportId
    ? `Recorded as report ${answer.reportId}.`
    : "Not recorded as a report (verified files are not).";

  const fields = $(".manifest-fields", item);
  const manifest = answer.manifest;
  if (manifest && manifest.manifestId) {
    addField(fields, "Manifest ID", manifest.manifestId);
    addField(fields, "Read from", manifest.source === "store" ? "this service's records (through the watermark)" : "the file");
    addField(fields, "Generator", manifest.generator);
    addField(fields, "Claim generator", manifest.claimGenerator);
    addField(fields, "Model", [manifest.modelName, manifest.modelVersion].filter(Boolean).join(" "));
    addField(fields, "Signer", manifest.signer);
    addField(fields, "Signed at", manifest.signedAt);
    addField(fields, "Digital source type", manifest.digitalSourceType);
    if (manifest.actions && manifest.actions.length) addField(fields, "Actions", actionTree(manifest.actions));
    addField(fields, "AIGC label (verbatim)", manifest.aigcLabelJson);
    addField(fields, "Validation state", answer.validationState);
    const button = $(".stored-record", item);
    button.addEventListener("click", () => showStoredRecord(item, manifest.manifestId));
  } else {
    addField(fields, "Manifest", "none found");
    $(".stored-record", item).hidden = true;
  }
  addField(fields, "SHA-256 of the file", answer.contentHash);

  const statuses = answer.validationStatus || [];
  const rows = $(".statuses tbody", item);
  for (const status of statuses) {
    const row = rows.insertRow();
    row.insertCell().textContent = status.code;
    row.insertCell().textContent = KINDS[status.kind] || status.kind;
    row.insertCell().textContent = status.explanation;
  }
  $(".statuses", item).hidden = statuses.length === 0;
}

async function showStoredRecord(item, manifestId) {
  const output = $(".stored-json", item);
  try {
    const record = await getJson("/v1/manifests/" + encodeURIComponent(manifestId));
    let json = record.manifestJson;
    try { json = JSON.stringify(JSON.parse(json), null, 2); } catch (_) { /* shown as stored */ }
    output.textContent = `Stored ${record.createdAt} for ${record.generator}` +
      (record.revoked ? `; REVOKED: ${record.revocationReason}` : "") + "\n\n" + json;
  } catch (e) {
    output.textContent = "The stored record could not be read: " + e.message;
  }
  output.hidden = false;
}

async function verifyFile(file) {
  const item = $("#result-template").content.firstElementChild.cloneNode(true);
  item.dataset.file = file.name;
  $(".file-name", item).textContent = file.name;
  const thumbnail = $(".thumbnail", item);
  thumbnail.src = URL.createObjectURL(file);
  thumbnail.alt = "Thumbnail of " + file.name;
  const progress = $(".progress", item);
  progress.setAttribute("aria-label", "Upload of " + file.name);
  $(".verdict", item).textContent = "Checking…";
  for (const hidden of [".label-line", ".manifest", ".statuses"]) $(hidden, item).hidden = true;
  $("#results").append(item);
  try {
    const body = JSON.stringify({ media: await base64Of(file), uploaderDeclaresAiGenerated: $("#declared-ai").checked });
    const answer = await postJson("/v1/verify", body, fraction => { progress.value = Math.round(fraction * 100); });
    for (const shown of [".label-line", ".manifest"]) $(shown, item).hidden = false;
    renderVerdict(item, answer);
  } catch (e) {
    item.dataset.verdict = "error";
    $(".verdict", item).textContent = "Not checked";
    $(".verdict-reason", item).textContent = e.message;
  } finally {
    progress.hidden = true;
    item.dataset.done = "true";
  }
}

function verifyFiles(files) {
  show($("#check-error"), "");
  if (!files.length) return;
  for (const file of files) verifyFile(file);
}

function setUpChecks() {
  const input = $("#file-input");
  input.addEventListener("change", () => { verifyFiles([...input.files]); input.value = ""; });
  const zone = $("#drop-zone");
  zone.addEventListener("dragover", e => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", e => {
    e.preventDefault();
    zone.classList.remove("over");
    verifyFiles([...e.dataTransfer.files]);
  });
}

// The auditor view. The key lives in sessionStorage (this tab only) and goes out as a bearer header, never in a URL.
let nextPageToken = "";

function utc(localValue) {
  // datetime-local has no zone; the labels say UTC, so the value is read as UTC.
  return localValue ? new Date(localValue + "Z").toISOString() : "";
}

async function loadReports(pageToken) {
  const key = sessionStorage.getItem(AUDITOR_KEY);
  const query = new URLSearchParams();
  const pick = (name, value) => { if (value) query.set(name, value); };
  pick("verdict", $("#filter-verdict").value);
  pick("platform", $("#filter-platform").value.trim());
  pick("since", utc($("#filter-since").value));
  pick("until", utc($("#filter-until").value));
  pick("pageSize", $("#filter-size").value);
  pick("pageToken", pageToken);
  show($("#audit-error"), "");
  try {
    const page = await getJson("/v1/reports?" + query, key);
    const table = $("#reports");
    const rows = $("tbody", table);
    if (!pageToken) rows.replaceChildren();
    for (const report of page.reports || []) {
      const row = rows.insertRow();
      row.dataset.verdict = report.verdict;
      for (const value of [report.createdAt, (VERDICTS[report.verdict] || [report.verdict])[0], LABELS[report.aigcLabel] || report.aigcLabel,
        report.platform, report.watermarkId, (report.statusCodes || []).join(", "), report.contentHash]) {
        row.insertCell().textContent = value || "";
      }
    }
    table.hidden = false;
    nextPageToken = page.nextPageToken || "";
    $("#reports-next").hidden = !nextPageToken;
  } catch (e) {
    show($("#audit-error"), e.message);
  }
}

function showAuditorState() {
  const signedIn = !!sessionStorage.getItem(AUDITOR_KEY);
  $("#auditor-login").hidden = signedIn;
  $("#auditor-state").hidden = !signedIn;
  $("#report-filter").hidden = !signedIn;
  if (!signedIn) {
    $("#reports").hidden = true;
    $("#reports-next").hidden = true;
  }
}

function setUpAudit() {
  $("#auditor-login").addEventListener("submit", e => {
    e.preventDefault();
    const input = $("#auditor-key");
    sessionStorage.setItem(AUDITOR_KEY, input.value.trim());
    input.value = "";
    showAuditorState();
    loadReports("");
    $("#filter-verdict").focus();
  });
  $("#auditor-forget").addEventListener("click", () => {
    sessionStorage.removeItem(AUDITOR_KEY);
    showAuditorState();
    $("#auditor-key").focus();
  });
  $("#report-filter").addEventListener("submit", e => { e.preventDefault(); loadReports(""); });
  $("#reports-next").addEventListener("click", () => loadReports(nextPageToken));
  showAuditorState();
}

setUpChecks();
setUpAudit();
