// The bench imports gate and Worker modules written against DOM-style globals (CryptoKey,
// CloseEvent), which their own packages' tsconfigs provide; the scripts project gets them here.
/// <reference lib="dom" />
