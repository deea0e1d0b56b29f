"""The bundled seed gazettes: text extracted from two issues' PDFs, shipped with the package."""
