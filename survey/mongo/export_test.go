package mongo

// BatchTag lets tests build the documents a writer that died part-way would have left.
var BatchTag = batchTag
