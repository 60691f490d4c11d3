"""Demo data: members' questions across topics, some answered and on the FAQ.

People, e-mail addresses and phone numbers are invented. Idempotent: a question is
matched by its text. Dates are set relative to today, so one question is always
overdue and one is always waiting within its time.
"""

from datetime import timedelta

from django.utils import timezone

from units.models import Unit

from . import services
from .models import Question, Topic

# topic slug, asker, unit slug, consent, question, answer, days ago, what happens
QUESTIONS = [
    ("luong-phu-cap", "Nguyễn Thị Lan", "bach-khoa", "anonymous",
     "Viên chức được nâng bậc lương trước thời hạn khi nào? Tôi được tặng Bằng khen của "
     "Bộ trưởng năm ngoái thì có được xét không?",
     "<p>Theo quy định về nâng bậc lương trước thời hạn, viên chức lập thành tích xuất "
     "sắc được xét khi còn thiếu tối đa <strong>12 tháng</strong> (Bằng khen cấp Bộ "
     "trở lên). Bạn hãy gửi hồ sơ khen thưởng cho phòng Tổ chức - Cán bộ của trường "
     "trước đợt xét gần nhất.</p>", 40, "publish"),
    ("bao-hiem-xa-hoi-y-te", "Trần Văn Hùng", "khoa-hoc-tu-nhien", "named",
     "Thẻ bảo hiểm y tế của tôi bị sai ngày sinh, tôi cần làm thủ tục gì để sửa?",
     "<p>Bạn nộp bản sao giấy khai sinh hoặc căn cước cho bộ phận bảo hiểm của đơn "
     "vị; đơn vị lập danh sách điều chỉnh gửi cơ quan bảo hiểm xã hội. Thời gian cấp "
     "lại thẻ khoảng 5 ngày làm việc.</p>", 35, "publish"),
    ("che-do-nghi-thai-san", "Lê Thị Mai", "khoa-hoc-xa-hoi-va-nhan-van", "anonymous",
     "Tôi sinh con thứ hai vào tháng 9. Chồng tôi cũng làm ở trường thì được nghỉ chế "
     "độ thai sản bao nhiêu ngày?",
     "<p>Lao động nam đang đóng bảo hiểm xã hội được nghỉ <strong>5 ngày làm "
     "việc</strong> khi vợ sinh thường, 7 ngày khi vợ sinh phải phẫu thuật hoặc sinh "
     "con dưới 32 tuần tuổi, trong 30 ngày đầu kể từ ngày vợ sinh.</p>", 30, "publish"),
    ("an-toan-ve-sinh-lao-dong", "Phạm Minh Tuấn", "bach-khoa", "anonymous",
     "Phòng thí nghiệm hóa của khoa chưa có tủ hút khí độc đạt chuẩn. Công đoàn có thể "
     "kiến nghị nhà trường trang bị không?",
     "<p>Công đoàn cơ sở sẽ đưa nội dung này vào biên bản kiểm tra an toàn vệ sinh lao "
     "động quý tới và kiến nghị nhà trường bố trí kinh phí. Trong lúc chờ, đề nghị "
     "khoa hạn chế thao tác với hóa chất bay hơi.</p>", 25, "publish"),
    ("hoat-dong-cong-doan", "Võ Thị Hồng", "quoc-te", "named",
     "Đoàn viên chuyển công tác sang trường khác trong ĐHQG-HCM thì chuyển sinh hoạt "
     "công đoàn thế nào?",
     "<p>Bạn xin giấy giới thiệu chuyển sinh hoạt công đoàn tại công đoàn cơ sở cũ và "
     "nộp cho công đoàn cơ sở mới trong vòng 30 ngày. Thẻ đoàn viên vẫn giữ nguyên.</p>",
     20, "publish"),
    ("chinh-sach-phap-luat", "Đặng Quốc Việt", "kinh-te-luat", "anonymous",
     "Hợp đồng lao động xác định thời hạn đã ký hai lần, lần thứ ba trường có bắt buộc "
     "ký hợp đồng không xác định thời hạn không?",
     "<p>Đúng. Theo Bộ luật Lao động, khi hai bên đã ký hai lần hợp đồng xác định thời "
     "hạn mà người lao động tiếp tục làm việc thì phải ký hợp đồng không xác định thời "
     "hạn (trừ một số trường hợp luật định).</p>", 15, "publish"),
    ("luong-phu-cap", "Hoàng Thị Thu", "cong-nghe-thong-tin", "private",
     "Phụ cấp thâm niên nhà giáo của tôi bị tính thiếu 6 tháng thời gian tập sự, tôi "
     "nên hỏi ai?",
     "<p>Thời gian tập sự có đóng bảo hiểm xã hội bắt buộc được tính hưởng phụ cấp "
     "thâm niên. Công đoàn đã chuyển đề nghị của bạn tới phòng Tổ chức - Cán bộ.</p>",
     12, "answer"),
    ("bao-hiem-xa-hoi-y-te", "Ngô Văn Bình", "khoa-hoc-suc-khoe", "anonymous",
     "Khi nghỉ ốm dài ngày để điều trị, tôi được hưởng bao nhiêu phần trăm lương?",
     "", 3, "assign_bach_khoa"),
    ("che-do-nghi-thai-san", "Bùi Thị Ngọc", "an-giang", "anonymous",
     "Tôi đang mang thai tháng thứ 7, có được giảm giờ dạy hoặc nghỉ khám thai thêm "
     "không?", "", 10, "overdue"),
    ("hoat-dong-cong-doan", "Lý Thanh Sơn", "bach-khoa", "anonymous",
     "Năm nay công đoàn có tổ chức tham quan nghỉ dưỡng hè cho đoàn viên và gia đình "
     "không?", "", 1, "new"),
    ("khac", "Trịnh Văn Khoa", "", "private",
     "Công đoàn có hỗ trợ đoàn viên vay vốn không lãi suất để sửa nhà không?",
     "", 2, "new"),
    ("bao-hiem-xa-hoi-y-te", "Phan Thị Yến", "bach-khoa", "anonymous",
     "Cho hỏi sai ngày sinh trên thẻ bảo hiểm y tế thì sửa ở đâu ạ?",
     "", 5, "duplicate"),
]  # fmt: skip


def _phone(index: int) -> str:
    return f"09{index:02d}{index * 7919 % 1000000:06d}"


def load(*, stdout) -> None:
    """Create the demo questions once; later runs change nothing."""
    now = timezone.now()
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    units = {unit.slug: unit for unit in Unit.objects.all()}
    created = 0
    for index, row in enumerate(QUESTIONS, start=1):
        slug, name, unit_slug, consent, body, answer, days_ago, fate = row
        if Question.objects.filter(body=body).exists():
            continue
        question = services.question_submit(
            name=name,
            email=f"doanvien{index}@example.edu.vn" if index % 3 else "",
            phone=_phone(index),
            unit=units.get(unit_slug),
            topic=topics[slug],
            body=body,
            consent=consent,
        )
        asked_at = now - timedelta(days=days_ago)
        Question.objects.filter(pk=question.pk).update(created_at=asked_at)
        question.refresh_from_db()
        if fate == "assign_bach_khoa" and "bach-khoa" in units:
            services.question_assign(question=question, unit=units["bach-khoa"])
        if answer:
            question.answer = answer
            services.question_answer(
                question=question, now=asked_at + timedelta(days=2, hours=days_ago % 5)
            )
        if fate == "publish":
            services.question_publish(question=question)
        if fate == "duplicate":
            original = Question.objects.filter(
                body__startswith="Thẻ bảo hiểm y tế"
            ).first()
            if original is not None:
                services.question_mark_duplicate(question=question, canonical=original)
        created += 1
    if created:
        stdout.write(f"Câu hỏi mẫu (hỏi đáp): {created}")
