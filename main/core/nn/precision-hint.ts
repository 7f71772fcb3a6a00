// The marker a convolution kernel call carries when it sits on a first-order path (the HGN's encoder, transformer
// and decoder: differentiated once, never inside dH): a backend may then run it in reduced precision (bfloat16
// inputs, fp32 accumulation) when the user turned that on. Never set inside H or any twice-differentiated code,
// whose second-order gradients need fp32.
export const FIRST_ORDER_ATTR = 'hsFirstOrderOnly';
