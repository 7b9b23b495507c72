/**
 * The one script of the local pages, as text (it runs in the browser, so it is plain ES2017).
 *
 * - Follows the page's SSE stream (`data-stream`): each message is `{shape, regions}`, where
 *   `regions` maps element ids to their new HTML. A region whose HTML changed is replaced and
 *   named to screen readers through the polite announcer; another `shape` (a work item added,
 *   the app installed) reloads the page. Forms and focus outside the regions are left alone, so
 *   text being typed survives an update.
 * - Submits `form[data-fetch]` with fetch (the page does not reload), then clears its text box
 *   and says what happened. Without the script the same forms post and redirect back.
 */
export const LIVE_SCRIPT = `(function () {
  var body = document.body;
  var status = document.getElementById('live-status');
  var announcer = document.getElementById('announcer');
  var say = function (text) {
    announcer.textContent = '';
    setTimeout(function () { announcer.textContent = text; }, 50);
  };
  var seen = {};
  if (body.dataset.stream) {
    var source = new EventSource(body.dataset.stream);
    source.onopen = function () { status.textContent = 'Live: updates appear as they happen'; };
    source.onerror = function () { status.textContent = 'Reconnecting for live updates…'; };
    source.onmessage = function (message) {
      var update = JSON.parse(message.data);
      if (update.shape !== body.dataset.shape) { location.reload(); return; }
      var changed = [];
      Object.keys(update.regions).forEach(function (id) {
        var html = update.regions[id];
        var region = document.getElementById(id);
        if (!region) { location.reload(); return; }
        var first = !(id in seen);
        if (seen[id] === html) return;
        seen[id] = html;
        region.innerHTML = html;
        if (!first && region.dataset.announce) changed.push(region.dataset.announce);
      });
      if (changed.length) say('Updated: ' + changed.join(', '));
    };
  }
  document.querySelectorAll('form[data-fetch]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var button = form.querySelector('button');
      button.disabled = true;
      fetch(form.action, {
        method: 'POST',
        headers: { accept: 'application/json' },
        body: new URLSearchParams(new FormData(form)),
      }).then(function (response) {
        return response.json().then(function (result) {
          if (!response.ok) { say('Not posted: ' + result.message); return; }
          var text = form.querySelector('textarea');
          if (text) text.value = '';
          say(result.message);
        });
      }).catch(function () { say('Not posted: the local app did not answer'); })
        .then(function () { button.disabled = false; });
    });
  });
})();`;
