// Shows a monitoring report's progress without reloading: polls the page's JSON handler
// (data-progress-url) every 2 seconds, updates the bar and the status text (an aria-live region),
// and reloads the page once the report is ready or failed. Without script the page offers a link.
(function () {
    var box = document.getElementById('report-progress');
    if (!box || !window.fetch) {
        return;
    }

    var url = box.getAttribute('data-progress-url');
    var bar = box.querySelector('[data-testid=progress-bar]');
    var label = box.querySelector('[data-testid=progress-label]');
    var percent = box.querySelector('[data-testid=progress-percent]');
    var step = box.querySelector('[data-testid=progress-step]');
    var stepPart = box.querySelector('[data-testid=progress-step-part]');
    var failures = 0;

    function show(p) {
        bar.value = p.percent;
        bar.textContent = p.percent + '%';
        label.textContent = p.label;
        percent.textContent = p.percent;
        // The step only when it says more than the status ("In coda: 0%", not "In coda: 0% · In coda").
        step.textContent = p.step || '';
        stepPart.hidden = !p.step || p.step === p.label;
    }

    function poll() {
        fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
            .then(function (response) {
                if (!response.ok) {
                    throw new Error('HTTP ' + response.status);
                }
                return response.json();
            })
            .then(function (p) {
                failures = 0;
                show(p);
                if (p.finished) {
                    window.location.replace(box.getAttribute('data-reload-url'));
                } else {
                    window.setTimeout(poll, 2000);
                }
            })
            .catch(function () {
                // A hiccup (network, session): try a few more times, then leave the "Aggiorna" link to the user.
                failures++;
                if (failures < 5) {
                    window.setTimeout(poll, 4000);
                }
            });
    }

    window.setTimeout(poll, 1000);
})();
