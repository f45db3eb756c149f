"""Built-in word lists: colours, sizes, generic categories, materials and a few brands.

They make entity extraction work with an empty catalog vocabulary; a loaded catalog's own
values are matched first.
"""

from __future__ import annotations

COLORS: tuple[str, ...] = (
    "black", "white", "red", "blue", "green", "yellow", "orange", "purple", "pink", "brown",
    "grey", "gray", "beige", "tan", "navy", "navy blue", "light blue", "dark blue", "sky blue",
    "royal blue", "teal", "turquoise", "cyan", "maroon", "burgundy", "olive", "khaki", "cream",
    "ivory", "gold", "silver", "rose gold", "bronze", "charcoal", "coral", "mint", "lavender",
    "lilac", "magenta", "mustard", "peach", "camel", "nude", "multicolor", "multicolour",
    "dark green", "light green", "forest green", "dark grey", "light grey", "off white",
    "wine", "indigo", "denim", "fuchsia", "aqua", "sand", "stone", "taupe", "champagne",
)  # fmt: skip

# Spelling variants mapped to the canonical built-in colour.
COLOR_ALIASES: dict[str, str] = {"gray": "grey", "multicolour": "multicolor"}

# Letter and word sizes recognised without the word "size" in front.
LETTER_SIZES: dict[str, str] = {
    "xxs": "XXS", "xs": "XS", "xl": "XL", "xxl": "XXL", "xxxl": "XXXL", "2xl": "XXL",
    "3xl": "XXXL", "4xl": "4XL", "x-large": "XL", "extra large": "XL", "extra small": "XS",
    "x-small": "XS", "small": "S", "medium": "M", "large": "L", "s": "S", "m": "M", "l": "L",
}  # fmt: skip
BED_SIZES: tuple[str, ...] = (
    "twin",
    "full",
    "queen",
    "king",
    "california king",
    "single",
    "double",
)

# Generic category words: each maps to a canonical name (singular, lower case). A catalog
# category whose leaf matches the canonical name or any of its words is preferred.
CATEGORY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "shoes": ("shoe", "shoes", "footwear"),
    "sneakers": ("sneaker", "sneakers", "trainer", "trainers", "running shoes", "tennis shoes"),
    "boots": ("boot", "boots", "hiking boots", "snow boots", "rain boots"),
    "sandals": ("sandal", "sandals", "flip flops", "slides"),
    "slippers": ("slipper", "slippers"),
    "heels": ("heels", "high heels", "pumps"),
    "headphones": ("headphone", "headphones", "headset", "headsets", "earphones"),
    "earbuds": ("earbud", "earbuds", "in-ear headphones"),
    "speakers": ("speaker", "speakers", "bluetooth speaker"),
    "tents": ("tent", "tents"),
    "sleeping bags": ("sleeping bag", "sleeping bags"),
    "backpacks": ("backpack", "backpacks", "rucksack", "rucksacks", "daypack"),
    "bags": ("bag", "bags", "handbag", "handbags", "purse", "purses", "tote", "totes"),
    "wallets": ("wallet", "wallets"),
    "mugs": ("mug", "mugs", "cup", "cups"),
    "water bottles": ("water bottle", "water bottles", "bottle", "bottles"),
    "jackets": ("jacket", "jackets", "coat", "coats", "parka", "parkas", "raincoat", "raincoats"),
    "hoodies": ("hoodie", "hoodies", "sweatshirt", "sweatshirts"),
    "sweaters": ("sweater", "sweaters", "jumper", "jumpers", "cardigan", "cardigans"),
    "t-shirts": ("t-shirt", "t-shirts", "tshirt", "tshirts", "tee", "tees"),
    "shirts": ("shirt", "shirts", "blouse", "blouses"),
    "dresses": ("dress", "dresses"),
    "skirts": ("skirt", "skirts"),
    "jeans": ("jeans", "denim pants"),
    "pants": ("pants", "trousers", "chinos", "leggings"),
    "shorts": ("shorts",),
    "socks": ("sock", "socks"),
    "hats": ("hat", "hats", "cap", "caps", "beanie", "beanies"),
    "gloves": ("glove", "gloves", "mittens"),
    "scarves": ("scarf", "scarves"),
    "sunglasses": ("sunglasses", "shades"),
    "watches": ("watch", "watches", "smartwatch", "smartwatches"),
    "jewelry": ("jewelry", "jewellery", "necklace", "necklaces", "earrings", "ring", "rings"),
    "swimwear": ("swimsuit", "swimsuits", "bikini", "swimwear", "swim trunks"),
    "laptops": ("laptop", "laptops", "notebook computer"),
    "phones": ("phone", "phones", "smartphone", "smartphones", "cell phone"),
    "phone cases": ("phone case", "phone cases"),
    "chargers": ("charger", "chargers", "charging cable"),
    "monitors": ("monitor", "monitors"),
    "tvs": ("tv", "tvs", "television", "televisions"),
    "cameras": ("camera", "cameras"),
    "mice": ("mouse", "mice", "gaming mouse"),
    "keyboards": ("keyboard", "keyboards"),
    "printers": ("printer", "printers"),
    "kettles": ("kettle", "kettles", "electric kettle"),
    "knives": ("knife", "knives", "kitchen knife"),
    "pans": ("pan", "pans", "frying pan", "skillet", "skillets"),
    "pots": ("pot", "pots", "saucepan", "saucepans"),
    "blenders": ("blender", "blenders"),
    "coffee makers": ("coffee maker", "coffee makers", "coffee machine", "espresso machine"),
    "vacuum cleaners": ("vacuum", "vacuums", "vacuum cleaner", "vacuum cleaners"),
    "lamps": ("lamp", "lamps", "desk lamp", "floor lamp"),
    "chairs": ("chair", "chairs", "office chair"),
    "desks": ("desk", "desks", "standing desk"),
    "sofas": ("sofa", "sofas", "couch", "couches"),
    "mattresses": ("mattress", "mattresses"),
    "bedding": ("bedding", "sheets", "bedsheet", "bedsheets", "duvet", "pillow", "pillows"),
    "towels": ("towel", "towels"),
    "yoga mats": ("yoga mat", "yoga mats"),
    "dumbbells": ("dumbbell", "dumbbells", "weights"),
    "bikes": ("bike", "bikes", "bicycle", "bicycles"),
    "helmets": ("helmet", "helmets"),
    "toys": ("toy", "toys"),
    "books": ("book", "books"),
    "perfume": ("perfume", "perfumes", "fragrance", "cologne"),
    "skincare": ("moisturizer", "moisturiser", "skincare", "face cream", "sunscreen"),
    "toothbrushes": ("toothbrush", "toothbrushes", "electric toothbrush"),
    "strollers": ("stroller", "strollers", "pram", "buggy"),
    "pet supplies": ("dog bed", "cat toy", "leash", "pet bed"),
    "stoves": ("stove", "stoves", "camping stove"),
}

# Other things people shop for, by name (one word, singular): with the generic category words and the
# catalog's own kinds they tell a request for a product ("a lawn mower") from a refinement
# of the current search ("waterproof"), and name what the shop does not sell.
PRODUCT_NOUNS: tuple[str, ...] = (
    "mower", "trimmer", "grill", "barbecue", "drill", "saw", "hammer", "screwdriver",
    "wrench", "ladder", "toolbox", "generator", "heater",
    "humidifier", "dehumidifier", "purifier", "refrigerator", "fridge", "freezer",
    "microwave", "oven", "toaster", "dishwasher", "dryer",
    "juicer", "mixer", "grinder", "kettle", "teapot", "plate", "bowl", "spoon",
    "fork", "cutlery", "table", "sofa", "bookcase", "shelf", "wardrobe", "dresser", "rug",
    "carpet", "curtain", "mirror", "clock", "vase", "candle", "blanket",
    "quilt", "duvet", "mattress", "crib", "cot", "highchair", "diaper",
    "nappy", "bike", "bicycle", "scooter", "skateboard", "skate", "ski", "snowboard",
    "surfboard", "kayak", "canoe", "paddle", "racket", "racquet", "ball",
    "treadmill", "kettlebell", "barbell", "bench", "rope", "lock", "pump", "tire", "tyre",
    "car", "motorcycle", "cable", "adapter", "router", "modem", "tablet",
    "computer", "printer", "projector", "console", "controller", "drone", "guitar",
    "piano", "keyboard", "violin", "drum", "microphone", "ring", "necklace", "bracelet",
    "earring", "umbrella", "raincoat", "coat", "hoodie", "jean", "legging",
    "bra", "underwear", "pajama", "pyjama", "robe", "shoe", "boot", "sneaker", "sandal",
    "slipper", "loafer", "heel", "lipstick", "mascara", "perfume", "razor",
    "shaver", "hairdryer", "straightener", "toothbrush", "toothpaste", "vitamin",
    "book", "magazine", "pen", "pencil", "marker", "stapler", "envelope",
    "folder", "binder", "calculator", "doll", "lego", "kite", "trampoline",
    "sandbox", "sauna", "aquarium", "cage", "leash", "collar",
    "litter", "kibble", "pizza", "tea", "wine", "beer", "flower",
    "seed", "fertilizer", "soil", "pot", "sprinkler",
    "wheelbarrow", "rake", "shovel", "hoe", "pruner", "chainsaw",
)  # fmt: skip

MATERIALS: tuple[str, ...] = (
    "leather", "suede", "wool", "merino", "cotton", "linen", "silk", "polyester", "nylon",
    "denim", "canvas", "fleece", "cashmere", "down", "synthetic", "plastic", "metal", "wood",
    "bamboo", "rubber", "vinyl", "acrylic", "spandex", "velvet", "faux leather", "fur",
)  # fmt: skip

# Only used when the catalog vocabulary carries no brands at all.
COMMON_BRANDS: tuple[str, ...] = (
    "Nike", "Adidas", "Puma", "Reebok", "New Balance", "Asics", "Under Armour", "Converse",
    "Vans", "Skechers", "Columbia", "Patagonia", "The North Face", "Levi's", "Samsung",
    "Apple", "Sony", "Bose", "JBL", "Logitech", "Lenovo", "Dell", "HP", "Canon", "Dyson",
    "Philips", "KitchenAid", "Lodge", "Hydro Flask", "Salomon", "Merrell", "Timberland",
    "Dr. Martens", "Ray-Ban", "Casio", "Garmin", "Fitbit", "Anker", "IKEA", "Lego",
)  # fmt: skip
