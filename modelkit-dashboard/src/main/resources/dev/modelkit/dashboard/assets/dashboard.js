// ModelKit dashboard: replaces the page's live region with what the server pushes over
// Server-Sent Events. No framework, no build step; the server renders (and escapes) all HTML.
(function () {
  'use strict';
  function start() {
    var live = document.getElementById('live');
    var status = document.getElementById('live-status');
    if (!live || live.getAttribute('data-live') !== 'on' || !window.EventSource) {
      return;
    }
    var source = new EventSource('/events?path=' + encodeURIComponent(location.pathname + location.search));
    var updates = 0;
    source.addEventListener('live', function (e) {
      var message = JSON.parse(e.data);
      live.innerHTML = message.html;
      updates++;
      live.setAttribute('data-updates', String(updates));
      if (status) {
        status.textContent = 'Live · updated ' + new Date().toLocaleTimeString();
      }
    });
    source.addEventListener('open', function () {
      if (status) {
        status.textContent = 'Live';
      }
    });
    source.addEventListener('error', function () {
      if (status) {
        status.textContent = 'Reconnecting…';
      }
    });
    window.addEventListener('pagehide', function () {
      source.close();
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
