// Wizard step "Servizio richiesto": shows only the providers that offer the chosen service and the
// "Nome dell'altro ente" field only when "another provider" is chosen. Without this script the page
// still works: providers are grouped by service and the server refuses a provider that does not
// offer the chosen service (external file: the CSP forbids inline scripts).
(function () {
    var service = document.getElementById('Service_ServiceType');
    var provider = document.getElementById('Service_Provider');
    if (!service || !provider) {
        return;
    }
    var other = document.getElementById('other-provider');

    function syncProviders() {
        var chosen = service.value;
        var groups = provider.querySelectorAll('optgroup[data-service]');
        for (var i = 0; i < groups.length; i++) {
            var show = !chosen || groups[i].getAttribute('data-service') === chosen;
            groups[i].hidden = !show;
            groups[i].disabled = !show;
        }
        var selected = provider.options[provider.selectedIndex];
        if (selected && selected.parentElement && selected.parentElement.disabled) {
            provider.value = '';
        }
    }

    function syncOther() {
        if (other) {
            other.hidden = provider.value !== other.getAttribute('data-show-when');
        }
    }

    service.addEventListener('change', syncProviders);
    provider.addEventListener('change', syncOther);
    syncProviders();
    syncOther();
})();
