"""News: articles, categories and tags; lists, detail, feeds and the sitemap."""
