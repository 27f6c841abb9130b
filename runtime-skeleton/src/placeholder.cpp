// placeholder translation unit until the runtime lands
