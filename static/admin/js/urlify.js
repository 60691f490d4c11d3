// The admin's slug filler, Vietnamese-aware: this file shadows Django's own
// admin/js/urlify.js (STATICFILES_DIRS is searched before the apps' static folders),
// so every prepopulated slug in every admin uses it. Django's version turns
// "Đảng ủy" into "djng-y" and drops English stop words; this one gives exactly
// what the server's publishing.text.slugify_vi gives (#11):
// "Đảng ủy, Ban Giám đốc ĐHQG-HCM" -> "dang-uy-ban-giam-doc-dhqg-hcm".
'use strict';
{
    // đ/Đ is a letter of its own, not d plus a mark, so NFKD keeps it.
    function stripMarks(value) {
        return value
            .replace(/đ/g, 'd')
            .replace(/Đ/g, 'D')
            .normalize('NFKD')
            .replace(/\p{Mn}/gu, '');
    }

    function trimHyphens(value) {
        return value.replace(/^-+|-+$/g, '');
    }

    // Same steps as slugify_vi: fold, lower, runs of anything else -> "-", then
    // cut at maxLength on a word boundary (a single longer word is cut hard).
    function URLify(value, maxLength) {
        const slug = trimHyphens(
            stripMarks(value).toLowerCase().replace(/[^a-z0-9]+/g, '-')
        );
        if (slug.length <= maxLength) {
            return slug;
        }
        let cut = slug.substring(0, maxLength);
        if (slug[maxLength] !== '-' && cut.includes('-')) {
            cut = cut.substring(0, cut.lastIndexOf('-'));
        }
        return trimHyphens(cut);
    }

    window.URLify = URLify;
}
