// Corrections to CKEditor 5's Vietnamese: the vi.js that django-ckeditor-5 ships has
// slips ("Xóa định dang", "Redo" as "Tiếp tục", alt text as "Chữ alt"). Loaded
// deferred from admin/base_site.html, so it runs after vi.js and before the editors
// start on DOMContentLoaded (#11). Without vi.js (English admin) it does nothing.
(function () {
  "use strict";
  var vi = window.CKEDITOR_TRANSLATIONS && window.CKEDITOR_TRANSLATIONS.vi;
  if (!vi || !vi.dictionary) {
    return;
  }
  Object.assign(vi.dictionary, {
    "Remove Format": "Xóa định dạng",
    "Redo": "Làm lại",
    "Text alternative": "Văn bản thay thế (mô tả ảnh)",
    "Change image text alternative": "Sửa văn bản thay thế của ảnh",
  });
})();
