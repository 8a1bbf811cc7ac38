#!/usr/bin/python3
"""Makes the 附件4 / 附件5 report templates (GB/T 9704 layout) in this folder.

Run with Debian's python3-docx:  /usr/bin/python3 docx-templates/make-templates.py
The output is byte-identical on every run (fixed zip timestamps and document properties), so
the committed .docx files only change when this script does.

python-docx builds the document and the styles; what it cannot express (East Asian fonts,
character-based indents, exact line spacing in twentieths, the PAGE field, the section layout)
is written as raw WordprocessingML below. Users may restyle the templates in Word: the program
only fills the {{placeholders}} (see docs/templates.md) and keeps every style as it finds it.
"""

import io
import os
import sys
import zipfile

import docx
from docx.enum.section import WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

HERE = os.path.dirname(os.path.abspath(__file__))

# Fonts (GB/T 9704-2012): body 3号仿宋, title 2号小标宋, headings 黑体 / 楷体 / 仿宋.
LATIN = "Times New Roman"
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"

PT_3HAO = 32  # half-points: 3号 16 pt
PT_2HAO = 44  # 2号 22 pt
PT_4HAO = 28  # 4号 14 pt
LINE = 579  # exact 28.95 pt: 22 lines fill the 225 mm type area
# 28 characters of 3号 a line: 156 mm / 28 = 15.793 pt, so each 16 pt character is set 0.25 pt
# closer (w:spacing, in twentieths of a point). A w:docGrid of characters would say the same,
# but LibreOffice 7 lays such a grid out square (one character per 28.95 pt line pitch: 15 a
# line), so the pitch is set on the 3号 styles instead, which Word, WPS and LibreOffice all honour.
CHAR_SPACING = -5

REPORTS = [
    # file name, attachment label
    ("附件4-整体支出绩效自评报告.docx", "附件4"),
    ("附件5-项目支出绩效自评报告.docx", "附件5"),
]


def rpr(east_asia, size, latin=LATIN, bold=False):
    return (
        f'<w:rPr {nsdecls("w")}>'
        f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}"/>'
        + ("<w:b/><w:bCs/>" if bold else "")
        + (f'<w:spacing w:val="{CHAR_SPACING}"/>' if size == PT_3HAO else "")
        + f'<w:kern w:val="2"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr>'
    )


def ppr(jc="both", first_line_chars=200, first_line=640, line=LINE, rule="exact",
        before=0, after=0, outline=None, keep_next=False, page_break_before=False):
    ind = (f'<w:ind w:firstLineChars="{first_line_chars}" w:firstLine="{first_line}"/>'
           if first_line_chars else '<w:ind w:firstLineChars="0" w:firstLine="0"/>')
    return (
        f'<w:pPr {nsdecls("w")}>'
        + ("<w:keepNext/>" if keep_next else "")
        + ("<w:pageBreakBefore/>" if page_break_before else "")
        + '<w:widowControl w:val="0"/>'
        f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="{rule}"/>'
        + ind
        + f'<w:jc w:val="{jc}"/>'
        + (f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else "")
        + "</w:pPr>"
    )


def set_style(doc, style_id, name, p, r, based_on="Normal", next_style="Normal"):
    """Replaces (or creates) a paragraph style with exactly these properties."""
    styles = doc.styles.element
    old = styles.find(f'{qn("w:style")}[@{qn("w:styleId")}="{style_id}"]')
    xml = (
        f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{style_id}"'
        + (' w:default="1"' if style_id == "Normal" else "")
        + f'><w:name w:val="{name}"/>'
        + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
        + (f'<w:next w:val="{next_style}"/>' if next_style else "")
        + '<w:uiPriority w:val="9"/><w:qFormat/>'
        + p + r + "</w:style>"
    )
    new = parse_xml(xml)
    if old is not None:
        old.addprevious(new)
        styles.remove(old)
    else:
        styles.append(new)


def make_styles(doc):
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    defaults.getparent().replace(defaults, parse_xml(
        f'<w:docDefaults {nsdecls("w")}><w:rPrDefault>{rpr(FANGSONG, PT_3HAO)}</w:rPrDefault>'
        f'<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="{LINE}" '
        'w:lineRule="exact"/></w:pPr></w:pPrDefault></w:docDefaults>'))
    # Body text: 3号仿宋, justified, first line indented two characters.
    set_style(doc, "Normal", "Normal", ppr(), rpr(FANGSONG, PT_3HAO), based_on=None)
    # Title: 2号小标宋, centred, no indent.
    set_style(doc, "ReportTitle", "公文标题", ppr(jc="center", first_line_chars=0),
              rpr(XIAOBIAOSONG, PT_2HAO, latin=XIAOBIAOSONG))
    # Headings keep the two-character indent of the body (GB/T 9704 7.3.3).
    set_style(doc, "Heading1", "heading 1", ppr(outline=0, keep_next=True), rpr(HEITI, PT_3HAO))
    set_style(doc, "Heading2", "heading 2", ppr(outline=1, keep_next=True), rpr(KAITI, PT_3HAO))
    set_style(doc, "Heading3", "heading 3", ppr(outline=2, keep_next=True), rpr(FANGSONG, PT_3HAO))
    set_style(doc, "Heading4", "heading 4", ppr(outline=3, keep_next=True), rpr(FANGSONG, PT_3HAO))
    # Cover page.
    set_style(doc, "AttachmentLabel", "附件标注", ppr(jc="left", first_line_chars=0),
              rpr(HEITI, PT_3HAO, latin=HEITI))
    set_style(doc, "CoverTitle", "封面标题", ppr(jc="center", first_line_chars=0),
              rpr(XIAOBIAOSONG, PT_2HAO, latin=XIAOBIAOSONG))
    set_style(doc, "CoverField", "封面信息", ppr(jc="center", first_line_chars=0),
              rpr(FANGSONG, PT_3HAO))
    # Page number: 4号宋体 "— 1 —".
    set_style(doc, "Footer", "footer", ppr(jc="center", first_line_chars=0, line=240, rule="auto"),
              rpr(SONGTI, PT_4HAO, latin=SONGTI), next_style=None)


def paragraph(doc, style_id, text=""):
    p = doc.add_paragraph()
    p._p.get_or_add_pPr().insert(0, parse_xml(f'<w:pStyle {nsdecls("w")} w:val="{style_id}"/>'))
    if text:
        p.add_run(text)
    return p


def page_setup(section):
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(37)
    section.bottom_margin = Mm(35)
    section.left_margin = Mm(28)
    section.right_margin = Mm(26)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(25)  # the number sits about 7 mm below the type area
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is not None:
        sect.remove(grid)
    # The GB/T 9704 grid: 22 lines of 28.95 pt, which the exact spacing of every style already
    # gives (a snapping line grid would make LibreOffice give each 22 pt title line two grid
    # lines); the 28 characters a line come from the styles' character spacing (CHAR_SPACING).
    sect.append(parse_xml(f'<w:docGrid {nsdecls("w")} w:linePitch="{LINE}"/>'))


def page_number(p, jc, indent):
    """"— N —" in 4号宋体 (the Footer style), aligned `jc` with one character's indent."""
    ppr_el = p._p.get_or_add_pPr()
    for old in ppr_el.findall(qn("w:pStyle")):
        ppr_el.remove(old)
    ppr_el.insert(0, parse_xml(f'<w:pStyle {nsdecls("w")} w:val="Footer"/>'))
    ppr_el.append(parse_xml(f'<w:ind {nsdecls("w")} w:{indent}Chars="100" w:{indent}="280"/>'))
    ppr_el.append(parse_xml(f'<w:jc {nsdecls("w")} w:val="{jc}"/>'))
    # PAGE as a complex field so Word and LibreOffice both update it.
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">— </w:t></w:r>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'))
    p._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t>1</w:t></w:r>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> —</w:t></w:r>'))


def page_number_footer(doc, section):
    """GB/T 9704: odd pages' number on the right, even pages' on the left, one character in."""
    doc.settings.odd_and_even_pages_header_footer = True
    section.footer.is_linked_to_previous = False
    page_number(section.footer.paragraphs[0], "right", "right")
    section.even_page_footer.is_linked_to_previous = False
    page_number(section.even_page_footer.paragraphs[0], "left", "left")


def move_section_break(doc):
    """Moves the cover's w:sectPr into its last text paragraph, dropping the empty carrier."""
    body = doc.element.body
    for p in body.iterchildren(qn("w:p")):
        sect = p.find(f'{qn("w:pPr")}/{qn("w:sectPr")}')
        if sect is None:
            continue
        if p.find(qn("w:r")) is None:
            prev = p.getprevious()
            prev.get_or_add_pPr().append(sect)
            body.remove(p)
        return


FONTS = [
    # name, Windows fallback, family, pitch
    (FANGSONG, "仿宋", "modern", "fixed"),
    (KAITI, "楷体", "modern", "fixed"),
    (HEITI, "SimHei", "modern", "fixed"),
    (SONGTI, "SimSun", "auto", "variable"),
    (XIAOBIAOSONG, "宋体", "script", "default"),
]


def font_table(text):
    """Declares the Chinese fonts with a fallback name, so Word substitutes sensibly."""
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
        f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
        for name, alt, family, pitch in FONTS)
    return text.replace("</w:fonts>", entries + "</w:fonts>")


def build(label):
    doc = docx.Document()
    make_styles(doc)
    cover = doc.sections[0]
    page_setup(cover)

    # Cover: 22 lines a page. Label on line 1, the title lower down, unit and date near the foot.
    paragraph(doc, "AttachmentLabel", label)
    for _ in range(4):
        paragraph(doc, "CoverField")
    paragraph(doc, "CoverTitle", "{{title_lines}}")
    for _ in range(9):
        paragraph(doc, "CoverField")
    paragraph(doc, "CoverField", "部门（单位）名称：{{unit}}（盖章）")
    paragraph(doc, "CoverField", "{{date}}")

    # The body is its own section so its page numbers start at 1 and the cover has none.
    body = doc.add_section(WD_SECTION.NEW_PAGE)
    page_setup(body)
    body._sectPr.find(qn("w:cols")).addprevious(
        parse_xml(f'<w:pgNumType {nsdecls("w")} w:fmt="decimal" w:start="1"/>'))
    # python-docx ends the cover section with an extra empty paragraph; let the date carry it.
    move_section_break(doc)
    page_number_footer(doc, body)

    paragraph(doc, "ReportTitle", "{{title_lines}}")
    paragraph(doc, "Normal")
    # One loop over the body blocks; each block sets one flag, and each flag keeps one
    # paragraph of its own style (section markers alone in their paragraphs drop the whole
    # paragraph when false, so no empty lines are left behind).
    paragraph(doc, "Normal", "{{#body}}")
    for flag, style, content in [
        ("h1", "Heading1", "{{number}}{{title}}"),
        ("h2", "Heading2", "{{number}}{{title}}"),
        ("h3", "Heading3", "{{number}}{{title}}"),
        ("h4", "Heading4", "{{number}}{{title}}"),
        ("p", "Normal", "{{text}}"),
    ]:
        paragraph(doc, "Normal", "{{#" + flag + "}}")
        paragraph(doc, style, content)
        paragraph(doc, "Normal", "{{/" + flag + "}}")
    paragraph(doc, "Normal", "{{/body}}")

    # Filled from the data when a report is made: the title, the unit as creator, the report
    # date (docProps/core.xml is filled apart from the document parts, see src/docx).
    doc.core_properties.author = "{{unit}}"
    doc.core_properties.last_modified_by = "{{unit}}"
    doc.core_properties.title = "{{title}}"
    doc.core_properties.comments = ""
    doc.core_properties.revision = 1
    drop_unused_styles(doc)
    return doc


STYLE_REFERENCES = ("w:pStyle", "w:rStyle", "w:tblStyle", "w:numStyleLink", "w:styleLink")
STYLE_LINKS = ("w:basedOn", "w:next", "w:link")


def drop_unused_styles(doc):
    """Keeps the styles the template uses, the defaults, and the styles these are based on,
    followed by or linked to; python-docx's default template brings ~140 table and list styles
    (330 KB of styles.xml) that nothing uses and every reader would parse. Word's built-in
    styles stay available through w:latentStyles, which is kept."""
    styles = doc.styles.element
    wanted = set()
    for part in doc.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is None or element is styles:
            continue
        for tag in STYLE_REFERENCES:
            for ref in element.iter(qn(tag)):
                wanted.add(ref.get(qn("w:val")))
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    wanted |= {i for i, s in by_id.items() if s.get(qn("w:default")) in ("1", "true", "on")}
    todo = list(wanted)
    while todo:
        style = by_id.get(todo.pop())
        if style is None:
            continue
        for tag in STYLE_LINKS:
            for link in style.findall(qn(tag)):
                target = link.get(qn("w:val"))
                if target not in wanted:
                    wanted.add(target)
                    todo.append(target)
    for style_id, style in by_id.items():
        if style_id not in wanted:
            styles.remove(style)


DATE_FIELD = "{{date_iso}}"


def post_process(blob):
    """Deterministic zip; drops python-docx's sample thumbnail and fixes the dates."""
    src = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n)):
            data = src.read(name)
            # The sample thumbnail shows a blank page; stylesWithEffects.xml holds python-docx's
            # own styles, which Word 2010 would prefer to ours.
            if name in ("docProps/thumbnail.jpeg", "word/stylesWithEffects.xml"):
                continue
            if name == "_rels/.rels":
                data = drop_element(data.decode(), "thumbnail").encode()
            if name == "word/_rels/document.xml.rels":
                data = drop_element(data.decode(), "stylesWithEffects").encode()
            if name == "[Content_Types].xml":
                text = data.decode().replace(
                    '<Default Extension="jpeg" ContentType="image/jpeg"/>', "")
                data = drop_override(text, "/word/stylesWithEffects.xml").encode()
            if name == "word/fontTable.xml":
                data = font_table(data.decode()).encode()
            if name == "word/settings.xml":
                # Word 2013+ layout (no "compatibility mode" banner), Chinese theme language,
                # and no preview picture (the sample thumbnail is gone).
                data = (data.decode()
                        .replace('w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/'
                                 'office/word" w:val="14"',
                                 'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/'
                                 'office/word" w:val="15"')
                        .replace('w:eastAsia="ja-JP"', 'w:eastAsia="zh-CN"')
                        .replace("<w:savePreviewPicture/>", "")).encode()
            if name == "docProps/app.xml":
                # No trace of the tool that made the template.
                data = drop_text_element(data.decode(), "Application").encode()
            if name == "docProps/core.xml":
                text = drop_text_element(data.decode(), "dc:description")
                for tag in ("dcterms:created", "dcterms:modified"):
                    text = replace_element_text(text, tag, DATE_FIELD)
                data = text.encode()
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, data)
    return out.getvalue()


def drop_element(text, needle):
    at = text.find(needle)
    if at < 0:
        return text
    start = text.rfind("<Relationship ", 0, at)
    end = text.find("/>", at) + 2
    return text[:start] + text[end:]


def drop_override(text, part):
    at = text.find(f'PartName="{part}"')
    if at < 0:
        return text
    start = text.rfind("<Override ", 0, at)
    end = text.find("/>", at) + 2
    return text[:start] + text[end:]


def drop_text_element(text, tag):
    for form in (f"<{tag}/>", ):
        text = text.replace(form, "")
    start = text.find("<" + tag + ">")
    if start < 0:
        return text
    end = text.find("</" + tag + ">", start) + len(tag) + 3
    return text[:start] + text[end:].lstrip("\n") if text[end:end + 1] == "\n" else text[:start] + text[end:]


def replace_element_text(text, tag, value):
    start = text.find("<" + tag)
    if start < 0:
        return text
    open_end = text.find(">", start) + 1
    close = text.find("</" + tag + ">", open_end)
    return text[:open_end] + value + text[close:]


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else HERE
    for file_name, label in REPORTS:
        buf = io.BytesIO()
        build(label).save(buf)
        with open(os.path.join(out_dir, file_name), "wb") as f:
            f.write(post_process(buf.getvalue()))
        print(os.path.join(out_dir, file_name))


if __name__ == "__main__":
    main()
