// placeholder so the library has a source until the net work lands
