// Follows at once a link marked data-follow-now (used after logout to reach the SPID/CIE provider's
// end-session endpoint: a plain navigation, which the CSP's form-action does not restrict).
(function () {
    var link = document.querySelector('a[data-follow-now]');
    if (link) {
        window.location.replace(link.href);
    }
})();
