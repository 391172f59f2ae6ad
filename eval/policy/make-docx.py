# Builds the .docx cases from a plain list of paragraphs, zipping the WordprocessingML by hand
# (no Word library), so the examiner controls exactly what is in the file.
# Usage: python3 eval/policy/make-docx.py   (rewrites every eval/policy/*/*/policy.docx from its source.json)
import json, pathlib, zipfile
from xml.sax.saxutils import escape

CT = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
</Types>'''
RELS = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>'''
DOCRELS = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>'''
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
STYLES = f'''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W}>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>
<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/></w:style>
</w:styles>'''


def run(text):
    # A tab inside a paragraph is a w:tab element in Word, not a character.
    parts = text.split("\t")
    out = []
    for i, p in enumerate(parts):
        if i:
            out.append("<w:r><w:tab/></w:r>")
        if p:
            out.append(f'<w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r>')
    return "".join(out)


def para(item):
    if isinstance(item, str):
        return f"<w:p>{run(item)}</w:p>"
    if "table" in item:
        rows = "".join(
            "<w:tr>" + "".join(f"<w:tc><w:p>{run(c)}</w:p></w:tc>" for c in r) + "</w:tr>" for r in item["table"]
        )
        return f"<w:tbl>{rows}</w:tbl>"
    if "pagebreak" in item:
        return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
    return f'<w:p><w:pPr><w:pStyle w:val="{item["style"]}"/></w:pPr>{run(item["text"])}</w:p>'


for src in pathlib.Path(__file__).parent.glob("*/*/source.json"):
    body = "".join(para(p) for p in json.loads(src.read_text()))
    doc = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(src.parent / "policy.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/_rels/document.xml.rels", DOCRELS)
        z.writestr("word/styles.xml", STYLES)
        z.writestr("word/document.xml", doc)
    print("wrote", src.parent / "policy.docx")
