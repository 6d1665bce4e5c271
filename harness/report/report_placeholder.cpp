// placeholder so the library has a source until the report work lands
