/** Every character with a meaning in a URL, and a few more: what a password may hold. */
export const urlSpecials = [":", "/", "?", "#", "[", "]", "@", "!", "$", "&", "'", "(", ")", "*", "+", ",", ";", "=", "%", " ", "\\", "%zz", "%40"]
