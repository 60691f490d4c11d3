// Accessibility of CKEditor 5 in the admin (#11), for every rich-text field:
// - as soon as an uploaded image is in place the editor asks for its text
//   alternative: the public pages describe every image to people who cannot see it,
//   and an editor should not have to find the small button on the image's toolbar;
// - the heading dropdown's accessible name always contains the words it shows
//   (WCAG 2.5.3): CKEditor names it only "Tiêu đề" while it shows "Chọn tiêu đề".
(function () {
  "use strict";
  function askForTextAlternative(editor) {
    if (
      !editor.plugins.has("ImageUploadEditing") ||
      !editor.plugins.has("ImageTextAlternativeUI")
    ) {
      return;
    }
    var form = editor.plugins.get("ImageTextAlternativeUI");
    editor.plugins.get("ImageUploadEditing").on("uploadComplete", function (evt, data) {
      // After CKEditor's own listener has set the image's address.
      window.setTimeout(function () {
        var image = data.imageElement;
        if (!image.root || image.root.rootName === "$graveyard") {
          return; // removed while uploading
        }
        editor.model.change(function (writer) {
          writer.setSelection(image, "on");
        });
        editor.editing.view.focus();
        form._showForm(); // the form of the image toolbar's "text alternative" button
      }, 0);
    });
  }
  function nameHeadingsByWhatTheyShow(editor) {
    editor.ui.view.toolbar.items.forEach(function (item) {
      var button = item.buttonView;
      if (!button || !item.element || !item.element.classList.contains("ck-heading-dropdown")) {
        return;
      }
      var what = typeof button.tooltip === "string" ? button.tooltip : "";
      button.unbind("ariaLabel");
      button.bind("ariaLabel").to(button, "label", function (label) {
        return what && label !== what ? label + ", " + what : label;
      });
    });
  }
  function improve(editor) {
    askForTextAlternative(editor);
    nameHeadingsByWhatTheyShow(editor);
  }
  function register(root) {
    if (typeof window.ckeditorRegisterCallback !== "function") {
      return;
    }
    root.querySelectorAll("textarea.django_ckeditor_5").forEach(function (el) {
      window.ckeditorRegisterCallback(el.id, improve);
    });
  }
  // Deferred: the fields exist, and django-ckeditor-5 creates its editors only at
  // DOMContentLoaded (or when an inline row is added), after these callbacks are set.
  register(document);
  if (typeof django === "object" && django.jQuery) {
    django.jQuery(document).on("formset:added", function (event) {
      register(event.target);
    });
  }
})();
