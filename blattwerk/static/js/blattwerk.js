// Progressive enhancement for reader pages. Everything works without this file.
(function () {
  "use strict";

  function setStatus(share, text) {
    var status = share.querySelector(".share__status");
    if (status) { status.textContent = text; }
  }

  function enhanceShare(share) {
    var url = share.getAttribute("data-share-url");
    var title = share.getAttribute("data-share-title");
    var copy = share.querySelector("[data-share-copy]");
    var native = share.querySelector("[data-share-native]");
    if (copy && navigator.clipboard && window.isSecureContext !== false) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(url).then(function () {
          setStatus(share, "Link kopiert.");
        }, function () {
          setStatus(share, "Kopieren nicht möglich – bitte die Adresse aus der Adresszeile kopieren.");
        });
      });
    }
    if (native && navigator.share) {
      native.hidden = false;
      native.addEventListener("click", function () {
        navigator.share({ title: title, url: url }).catch(function () { /* dismissed */ });
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".share"), enhanceShare);
  });
})();
