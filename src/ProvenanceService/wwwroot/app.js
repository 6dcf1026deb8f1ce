// The verification page: sends each chosen file as it is to POST /v1/verify/upload (the web port's form of the
// gRPC VerifyStream call: no base64, files up to the media limit, upload progress shown) and shows the answer, in
// the JSON of the gRPC Verify call; a manifest's stored record comes from GET /v1/manifests/{id}; the auditor part
// reads GET /v1/reports with the auditor key as a bearer token. Everything is put into the page with textContent,
// never as HTML. Status codes are explained by status-codes.js.
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

const RELATIONSHIPS = {
  parentOf: "the file this one was made from",
  componentOf: "a part placed into this file",
  inputTo: "an input the generator used",
};
/** The service's error text: transcoded gRPC errors are {"code","message"}; anything else by HTTP status. */
function errorText(status, body) {
  try {
    const parsed = JSON.parse(body);
    if (parsed && parsed.message) return parsed.message;
  } catch (_) { /* not JSON */ }
  if (status === 413) return "The file is larger than this service accepts.";
  return `The service answered HTTP ${status}.`;
}

/**
 * POSTs the file as the raw body, with upload progress (fetch has none). onProgress gets the fraction sent;
 * onSent is called once the last byte is out and the service is checking. Resolves to the parsed JSON answer,
 * rejects with a readable Error.
 */
function postFile(url, file, onProgress, onSent) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.setRequestHeader("Content-Type", "application/octet-stream");
    request.upload.onprogress = e => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    request.upload.onload = () => onSent();
    request.onload = () => {
      if (request.status === 200) {
        resolve(JSON.parse(request.responseText));
        return;
      }
      const error = new Error(errorText(request.status, request.responseText));
      // 503: the service's Sign and Verify slots were all taken; it says when to come back.
      if (request.status === 503) error.retryAfterSeconds = Number(request.getResponseHeader("Retry-After")) || 1;
      reject(error);
    };
    request.onerror = () => reject(new Error("The service could not be reached."));
    request.send(file);
  });
}

async function getJson(url, bearer) {
  const headers = bearer ? { Authorization: "Bearer " + bearer } : {};
  const response = await fetch(url, { headers });
  const body = await response.text();
  if (!response.ok) throw new Error(errorText(response.status, body));
  return JSON.parse(body);
}

/** Adds a name and value to a definition list; the value's dd carries data-field for tests and styles. */
function addField(list, name, value, field) {
  if (value === undefined || value === null || value === "") return;
  const dt = document.createElement("dt");
  dt.textContent = name;
  const dd = document.createElement("dd");
  if (field) dd.dataset.field = field;
  if (value instanceof Node) dd.append(value); else dd.textContent = value;
  list.append(dt, dd);
}

function list(className, values) {
  const tree = document.createElement("ul");
  tree.className = className;
  for (const value of values) {
    const item = document.createElement("li");
    item.textContent = value;
    tree.append(item);
  }
  return tree;
}

function timeStampText(stamp) {
  return `${stamp.time} by ${stamp.authority || "an unnamed authority"}` +
    (stamp.trusted ? " (a trusted time-stamping authority)" : " (the authority is not on this service's trust list, so the time is not relied on)");
}

/** The facts of one manifest into a definition list; ingredients recurse, so nested manifests form a tree. */
function manifestFields(fields, manifest) {
  addField(fields, "Manifest ID", manifest.manifestId, "manifest-id");
  addField(fields, "Title", manifest.title, "title");
  addField(fields, "Claim generator", manifest.claimGenerator, "claim-generator");
  addField(fields, "Model", [manifest.modelName, manifest.modelVersion].filter(Boolean).join(" "), "model");
  addField(fields, "Signer", manifest.signer, "signer");
  addField(fields, "Certificate issuer", manifest.signerIssuer, "issuer");
  addField(fields, "Signature algorithm", manifest.signatureAlgorithm, "algorithm");
  if (manifest.signedAt) {
    const attested = manifest.timeStamp && manifest.timeStamp.trusted;
    addField(fields, "Signed at", manifest.signedAt + (attested ? " (attested by the time-stamp)" : " (the signer's own statement)"), "signed-at");
  }
  addField(fields, "Time-stamp", manifest.timeStamp ? timeStampText(manifest.timeStamp) : "none", "time-stamp");
  addField(fields, "Digital source type", manifest.digitalSourceType, "source-type");
  if (manifest.actions && manifest.actions.length) addField(fields, "Actions", list("tree actions", manifest.actions), "actions");
  if (manifest.ingredients && manifest.ingredients.length) addField(fields, "Ingredients", ingredientTree(manifest.ingredients), "ingredients");
}

function ingredientTree(ingredients) {
  const tree = document.createElement("ul");
  tree.className = "tree ingredients";
  for (const ingredient of ingredients) {
    const item = document.createElement("li");
    const head = document.createElement("p");
    head.className = "ingredient";
    head.textContent = `${ingredient.title || "(untitled)"}: ${RELATIONSHIPS[ingredient.relationship] || ingredient.relationship}` +
      (ingredient.format ? `, ${ingredient.format}` : "");
    item.append(head);
    if (ingredient.manifest) {
      const nested = document.createElement("dl");
      nested.className = "ingredient-manifest";
      manifestFields(nested, ingredient.manifest);
      item.append(nested);
    } else {
      const none = document.createElement("p");
      none.className = "ingredient-provenance";
      none.textContent = ingredient.manifestId
        ? `Its manifest ${ingredient.manifestId} is not in the file or could not be checked.`
        : "It has no manifest: where it came from is unknown.";
      item.append(none);
    }
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
    addField(fields, "Read from", manifest.source === "store" ? "this service's records (through the watermark)" : "the file", "read-from");
    addField(fields, "Generator", manifest.generator, "generator");
    manifestFields(fields, manifest);
    addField(fields, "AIGC label (verbatim)", manifest.aigcLabelJson, "aigc-label");
    addField(fields, "Validation state", answer.validationState);
    const button = $(".stored-record", item);
    button.addEventListener("click", () => showStoredRecord(item, manifest.manifestId));
  } else {
    addField(fields, "Manifest", "none found", "manifest-id");
    $(".stored-record", item).hidden = true;
  }
  addField(fields, "SHA-256 of the file", answer.contentHash, "content-hash");

  const statuses = answer.validationStatus || [];
  const rows = $(".statuses tbody", item);
  for (const status of statuses) {
    const row = rows.insertRow();
    row.insertCell().textContent = status.code;
    row.insertCell().textContent = KINDS[status.kind] || status.kind;
    row.insertCell().textContent = statusMeaning(status.code);
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

/** How often a file refused because the service is busy is sent again before the page gives up. */
const BUSY_RETRIES = 3;

/**
 * A picture is its own thumbnail; a video shows its first frame (muted, never played); audio has no picture, so the
 * place keeps an empty frame with a text alternative.
 */
function showThumbnail(image, file) {
  const url = URL.createObjectURL(file);
  if (file.type.startsWith("video/") || /\.(mp4|mov)$/i.test(file.name)) {
    const video = document.createElement("video");
    video.className = image.className;
    video.muted = true;
    video.preload = "metadata";
    video.src = url;
    video.setAttribute("aria-label", "First frame of " + file.name);
    image.replaceWith(video);
  } else if (file.type.startsWith("audio/") || /\.(wav|mp3|flac|m4a|opus|ogg|oga|aac|aiff?|caf)$/i.test(file.name)) {
    image.alt = "Audio file " + file.name + " (no picture)";
    URL.revokeObjectURL(url);
  } else {
    image.src = url;
    image.alt = "Thumbnail of " + file.name;
  }
}

/** The result entry of a file, shown at once, before its turn to be uploaded comes. */
function addResult(file) {
  const item = $("#result-template").content.firstElementChild.cloneNode(true);
  item.dataset.file = file.name;
  $(".file-name", item).textContent = file.name;
  showThumbnail($(".thumbnail", item), file);
  $(".progress", item).setAttribute("aria-label", "Upload of " + file.name);
  $(".progress-text", item).textContent = "Waiting to upload";
  $(".verdict", item).textContent = "Waiting…";
  for (const hidden of [".label-line", ".manifest", ".statuses"]) $(hidden, item).hidden = true;
  $("#results").append(item);
  return item;
}

function upload(file, item) {
  const progress = $(".progress", item);
  const progressText = $(".progress-text", item);
  progress.value = 0;
  progressText.textContent = "Uploading 0 %";
  $(".verdict", item).textContent = "Uploading…";
  const query = new URLSearchParams({ uploaderDeclaresAiGenerated: $("#declared-ai").checked });
  return postFile("/v1/verify/upload?" + query, file, fraction => {
    progress.value = Math.round(fraction * 100);
    progressText.textContent = `Uploading ${progress.value} %`;
  }, () => {
    progress.value = 100;
    progressText.textContent = "Uploaded, checking…";
    $(".verdict", item).textContent = "Checking…";
  });
}

async function verifyFile(file, item) {
  try {
    let answer;
    for (let attempt = 0; ; attempt++) {
      try {
        answer = await upload(file, item);
        break;
      } catch (e) {
        if (!e.retryAfterSeconds || attempt >= BUSY_RETRIES) throw e;
        $(".progress-text", item).textContent = `The service is busy; trying again in ${e.retryAfterSeconds} s`;
        await new Promise(resolve => setTimeout(resolve, e.retryAfterSeconds * 1000));
      }
    }
    for (const shown of [".label-line", ".manifest"]) $(shown, item).hidden = false;
    renderVerdict(item, answer);
  } catch (e) {
    item.dataset.verdict = "error";
    $(".verdict", item).textContent = "Not checked";
    $(".verdict-reason", item).textContent = e.message;
  } finally {
    $(".upload", item).hidden = true;
    item.dataset.done = "true";
  }
}

// Files are checked one after another, in the order chosen: each check decodes a whole picture on the service,
// which admits only a few at once, and one upload at a time gets the whole bandwidth.
let checks = Promise.resolve();

function verifyFiles(files) {
  show($("#check-error"), "");
  for (const file of files) {
    const item = addResult(file);
    checks = checks.then(() => verifyFile(file, item));
  }
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
// pageTokens[i] is the token of page i + 1 ("" for the first); the last entry is the page shown.
let pageTokens = [""];
let nextPageToken = "";

function utc(localValue) {
  // datetime-local has no zone; the labels say UTC, so the value is read as UTC.
  return localValue ? new Date(localValue + "Z").toISOString() : "";
}

/** Shows the page whose token is the last of pageTokens. */
async function loadReports() {
  const pageToken = pageTokens[pageTokens.length - 1];
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
    rows.replaceChildren();
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
    $("#reports-page").textContent = "page " + pageTokens.length;
    $("#reports-next").hidden = !nextPageToken;
    $("#reports-previous").hidden = pageTokens.length < 2;
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
    $("#reports-previous").hidden = true;
  }
}

function setUpAudit() {
  $("#auditor-login").addEventListener("submit", e => {
    e.preventDefault();
    const input = $("#auditor-key");
    sessionStorage.setItem(AUDITOR_KEY, input.value.trim());
    input.value = "";
    showAuditorState();
    pageTokens = [""];
    loadReports();
    $("#filter-verdict").focus();
  });
  $("#auditor-forget").addEventListener("click", () => {
    sessionStorage.removeItem(AUDITOR_KEY);
    showAuditorState();
    $("#auditor-key").focus();
  });
  $("#report-filter").addEventListener("submit", e => { e.preventDefault(); pageTokens = [""]; loadReports(); });
  $("#reports-next").addEventListener("click", () => { pageTokens.push(nextPageToken); loadReports(); });
  $("#reports-previous").addEventListener("click", () => { if (pageTokens.length > 1) pageTokens.pop(); loadReports(); });
  showAuditorState();
}

setUpChecks();
setUpAudit();
