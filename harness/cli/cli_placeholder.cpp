// placeholder so the library has a source until the cli work lands
