// placeholder translation unit until the scaffold stage lands
