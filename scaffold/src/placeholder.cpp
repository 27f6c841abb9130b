// placeholder translation unit until the scaffold stage lands; delete when it has sources
