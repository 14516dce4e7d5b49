"""The support plan as an A4 PDF in large type, laid out like the printed page (ReportLab).

Uses only ReportLab's built-in Helvetica, so no font files are needed.
"""
import io
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

BODY_SIZE = 15  # points: large type, as on the printed page
NHS_BLUE = colors.HexColor("#005eb8")
TEXT = colors.HexColor("#212b32")

STYLES = {
    "title": ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=26, leading=31, spaceAfter=6, textColor=TEXT),
    "lede": ParagraphStyle("lede", fontName="Helvetica", fontSize=BODY_SIZE, leading=BODY_SIZE * 1.4, spaceAfter=8, textColor=TEXT),
    "heading": ParagraphStyle("heading", fontName="Helvetica-Bold", fontSize=20, leading=25, spaceBefore=4, spaceAfter=4, textColor=TEXT),
    "body": ParagraphStyle("body", fontName="Helvetica", fontSize=BODY_SIZE, leading=BODY_SIZE * 1.4, alignment=TA_LEFT, textColor=TEXT),
    "key": ParagraphStyle("key", fontName="Helvetica-Bold", fontSize=BODY_SIZE, leading=BODY_SIZE * 1.4, textColor=TEXT),
    "small": ParagraphStyle("small", fontName="Helvetica", fontSize=13, leading=18, textColor=TEXT),
    "warning": ParagraphStyle("warning", fontName="Helvetica-Bold", fontSize=BODY_SIZE, leading=BODY_SIZE * 1.4, textColor=TEXT, borderPadding=4, borderColor=TEXT, borderWidth=1, spaceBefore=4, spaceAfter=8),
}


def _p(text, style="body"):
    return Paragraph(escape(str(text)), STYLES[style])


def _lines(lines, style="body"):
    return Paragraph("<br/>".join(escape(str(line)) for line in lines if line), STYLES[style])


def _row(key, value):
    return [Paragraph(escape(key), STYLES["key"]), value]


def _entry_block(entry, width):
    rows = [_row("What it is", _lines([entry.what_it_is, f"{entry.kind} run by {entry.organisation}" if entry.organisation else entry.kind]))]
    when = list(entry.schedule_lines) or ["Contact the group for dates"]
    if entry.next_sessions:
        when += ["Next: " + "; ".join(entry.next_sessions)]
    rows.append(_row("When", _lines(when)))
    if entry.online_only:
        rows.append(_row("Where", _p("Online or by phone")))
    elif entry.address_lines:
        where = ([entry.place_name] if entry.place_name and entry.place_name not in entry.address_lines else []) + entry.address_lines
        if entry.distance_text:
            where.append(entry.distance_text)
        if entry.directions_url:
            where.append(f"Directions: {entry.directions_url}")
        rows.append(_row("Where", _lines(where)))
    rows.append(_row("Cost", _p(entry.cost)))
    rows.append(_row("Who it is for", _p(". ".join(entry.who_for))))
    rows.append(_row("How to join", _lines(entry.how_to_join)))
    if entry.contact_lines:
        rows.append(_row("Contact", _lines(entry.contact_lines)))
    if entry.note:
        rows.append(_row("Note", _p(entry.note)))
    table = Table(rows, colWidths=[38 * mm, width - 38 * mm - 8 * mm])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    parts = [_p(f"{entry.number}. {entry.title}", "heading")]
    parts += [_p(warning, "warning") for warning in entry.warnings]
    parts.append(table)
    box = Table([[parts]], colWidths=[width])
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1, TEXT),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
    ]))
    return KeepTogether([box, Spacer(1, 5 * mm)])


def _map_drawing(plan_map, width):
    scale = width / plan_map.width
    height = plan_map.height * scale
    drawing = Drawing(width, height)
    drawing.add(Rect(0, 0, width, height, fillColor=colors.white, strokeColor=TEXT, strokeWidth=1))

    def point(x, y):
        return x * scale, height - y * scale

    if plan_map.origin is not None:
        ox, oy = point(*plan_map.origin)
        drawing.add(Polygon([ox, oy + 9, ox + 8, oy - 6, ox - 8, oy - 6], fillColor=TEXT, strokeColor=TEXT))
        drawing.add(String(ox + 11, oy - 4, plan_map.origin_label or "Start", fontName="Helvetica-Bold", fontSize=11, fillColor=TEXT))
    for marker in plan_map.markers:
        mx, my = point(marker.x, marker.y)
        drawing.add(Circle(mx, my, 10, fillColor=NHS_BLUE, strokeColor=colors.white, strokeWidth=2))
        drawing.add(String(mx, my - 4, str(marker.number), fontName="Helvetica-Bold", fontSize=11, fillColor=colors.white, textAnchor="middle"))
    bar = plan_map.scale_pixels * scale
    drawing.add(Line(10, 10, 10 + bar, 10, strokeColor=TEXT, strokeWidth=2))
    drawing.add(String(14 + bar, 6, plan_map.scale_label, fontName="Helvetica", fontSize=10, fillColor=TEXT))
    return drawing


def plan_pdf(plan, title="Your support plan"):
    """The plan as PDF bytes (A4)."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=18 * mm,
        title=title, author="Local Support Directory", subject="Support plan",
    )
    width = doc.width
    story = [_p(f"{title} for {plan.first_name}" if plan.first_name else title, "title")]
    story.append(_p(f"Made on {plan.made_on_text}. Times and places can change: contact the group if you are not sure.", "lede"))
    if plan.start is not None:
        story.append(_p(f"Distances are from {plan.start.label}.", "lede"))
    for entry in plan.entries:
        story.append(_entry_block(entry, width))
    if plan.map is not None:
        story.append(KeepTogether([_p("Map", "heading"), _p(plan.map.description, "small"), Spacer(1, 2 * mm), _map_drawing(plan.map, width)]))

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFont("Helvetica", 11)
        canvas.drawString(15 * mm, 9 * mm, f"Local Support Directory – page {document.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
