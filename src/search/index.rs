//! One shard through Pagefind, in memory: pages in, bundle files out.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

/// Index `pages` (address, HTML) and return the bundle's files (path inside the bundle, bytes).
pub fn build(language: &str, pages: &[(String, String)]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language(language.to_string())
            .build();
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
        for (url, html) in pages {
            index
                .add_html_file(None, Some(url.clone()), html.clone())
                .await
                .map_err(|e| format!("{url}: {e}"))?;
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        Ok(files
            .into_iter()
            .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
            .filter(|(name, _)| !super::is_unused(name))
            .collect())
    })
}
