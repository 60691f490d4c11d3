// The door's scanner (#15): the phone's camera reads QR codes with the browser's
// BarcodeDetector API where it exists, and each code is sent as the typed-code form
// would send it. Without the API (or without JavaScript) the typed-code form works
// on its own. https://developer.mozilla.org/docs/Web/API/BarcodeDetector
// The words it shows come translated from the page (the form's data-msg-*).
(function () {
  "use strict";
  const form = document.querySelector("[data-checkin-form]");
  if (!form) return;
  const input = form.querySelector("input[name='code']");
  const count = document.querySelector("[data-checkin-count]");
  const resultBox = document.querySelector("[data-checkin-result]");
  const scanner = document.querySelector("[data-scanner]");
  const unsupported = document.querySelector("[data-scanner-unsupported]");
  const video = document.querySelector("[data-scanner-video]");
  const startButton = document.querySelector("[data-scanner-start]");
  const stopButton = document.querySelector("[data-scanner-stop]");
  const REPEAT_PAUSE_MS = 3000;
  let stream = null;
  let lastCode = "";
  let lastAt = 0;
  let busy = false;

  function show(message, ok) {
    const p = document.createElement("p");
    p.className = "checkin-result" + (ok ? "" : " checkin-result--error");
    p.setAttribute("role", ok ? "status" : "alert");
    p.textContent = message;
    resultBox.replaceChildren(p);
  }

  async function send(code) {
    if (busy) return;
    busy = true;
    try {
      const data = new FormData(form);
      data.set("code", code);
      // Not form.action: the form's input named "action" shadows that property.
      const response = await fetch(form.getAttribute("action") || window.location.href, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const answer = await response.json();
      show(answer.message, answer.ok);
      count.textContent = answer.attended;
      if (navigator.vibrate) navigator.vibrate(answer.ok ? 80 : [60, 60, 60]);
    } catch (error) {
      show(form.dataset.msgOffline, false);
    } finally {
      busy = false;
    }
  }

  form.addEventListener("submit", function (event) {
    if (!window.fetch || !input.value.trim()) return; // the plain form does it
    event.preventDefault();
    send(input.value.trim());
    input.value = "";
    input.focus();
  });

  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) {
    if (unsupported) unsupported.hidden = false;
    return;
  }
  scanner.hidden = false;
  const detector = new window.BarcodeDetector({ formats: ["qr_code"] });

  async function tick() {
    if (!stream) return;
    try {
      const codes = await detector.detect(video);
      const now = Date.now();
      for (const found of codes) {
        const code = found.rawValue.trim();
        if (code && (code !== lastCode || now - lastAt > REPEAT_PAUSE_MS)) {
          lastCode = code;
          lastAt = now;
          await send(code);
        }
      }
    } catch (error) {
      // A frame the detector could not read: try the next one.
    }
    window.setTimeout(tick, 250);
  }

  startButton.addEventListener("click", async function () {
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment" },
        audio: false,
      });
    } catch (error) {
      show(form.dataset.msgCamera, false);
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    startButton.hidden = true;
    stopButton.hidden = false;
    tick();
  });

  stopButton.addEventListener("click", function () {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    video.hidden = true;
    startButton.hidden = false;
    stopButton.hidden = true;
  });
})();
