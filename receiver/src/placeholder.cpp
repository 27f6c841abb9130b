// placeholder translation unit until the receiver lands
