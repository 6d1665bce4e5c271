// placeholder so the library has a source until the scenario work lands
