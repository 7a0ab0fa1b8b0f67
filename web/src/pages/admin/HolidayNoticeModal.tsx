import { useState } from 'react';
import { Alert, Button, DatePicker, Flex, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldProblem } from '../../api/client.ts';
import { errorMessage } from '../../api/errors.ts';
import { calendarApi, type SavedNotice } from './calendar-api.ts';
import { DATE_FORMAT, fieldPath, formFieldOf, noticeBody, type NoticeField, type NoticeFormValues } from './calendar-form.ts';

// The API's limits (calendar.routes.ts), kept here so the form never offers more rows than it takes.
const MAX_NOTICES = 10;
const MAX_ROWS = 20;

/**
 * The form in which a platform administrator enters a year's holiday notice as the State Council published it,
 * or amends a year. The server checks the arrangement; each problem it finds is shown on its field, in the UI's
 * language where the rule has a translation.
 */
export function HolidayNoticeModal(props: {
  initial: NoticeFormValues;
  /** Amending a year fixes its year; a new entry may choose one. */
  amending: boolean;
  /** The years the calendar covers, to explain which one may be entered. */
  span: { first: number; last: number };
  onCancel: () => void;
  onSaved: (saved: SavedNotice) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<NoticeFormValues>();
  const [busy, setBusy] = useState(false);
  // Problems no single field shows (a list left empty, a schema rule) and failures that are not about fields.
  const [unplaced, setUnplaced] = useState<Array<{ key: string; text: string }>>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const { first, last } = props.span;

  const explain = (problem: FieldProblem, year: number) =>
    t(`calendar.rules.${problem.rule}`, { defaultValue: problem.message, year, first, last, next: last + 1 });
  const fieldLabel = (field: string) => {
    const [list, index] = fieldPath(field);
    const label = ['year', 'notices', 'holidays', 'workdays'].includes(list) ? t(`calendar.form.${list}`) : field;
    return index === undefined ? label : t('calendar.form.row', { label, n: Number(index) + 1 });
  };

  async function submit(values: NoticeFormValues) {
    setBusy(true);
    setUnplaced([]);
    setFailure(null);
    try {
      props.onSaved(await calendarApi.save(values.year, noticeBody(values)));
    } catch (error) {
      const problems = error instanceof ApiError ? (error.details.errors ?? []) : [];
      if (problems.length === 0) setFailure(error);
      const onFields = new Map<string, { name: NoticeField; errors: string[] }>();
      const rest: Array<{ key: string; text: string }> = [];
      for (const problem of problems) {
        const name = formFieldOf(problem.field);
        if (!name) {
          rest.push({ key: `${problem.field}-${problem.rule}`, text: t('calendar.form.problem', { field: fieldLabel(problem.field), message: explain(problem, values.year) }) });
          continue;
        }
        const key = name.join('.');
        const entry = onFields.get(key) ?? { name, errors: [] };
        entry.errors.push(explain(problem, values.year));
        onFields.set(key, entry);
      }
      form.setFields([...onFields.values()]);
      setUnplaced(rest);
    } finally {
      setBusy(false);
    }
  }

  const remove = (onRemove: () => void) => (
    <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('calendar.form.remove')} data-testid="calendar-remove" onClick={onRemove} />
  );

  return (
    <Modal
      open
      width={780}
      title={props.amending ? t('calendar.form.titleAmend', { year: props.initial.year }) : t('calendar.form.titleNew')}
      onCancel={props.onCancel}
      footer={[
        <Button key="cancel" onClick={props.onCancel}>{t('calendar.form.cancel')}</Button>,
        <Button key="save" type="primary" loading={busy} data-testid="calendar-form-save" onClick={() => form.submit()}>{t('calendar.form.save')}</Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">{t('calendar.form.hint')}</Typography.Paragraph>
      {failure !== null && <Alert type="error" showIcon title={errorMessage(failure, t)} style={{ marginBottom: 16 }} />}
      {unplaced.length > 0 && (
        <Alert
          type="error" showIcon data-testid="calendar-form-problems" style={{ marginBottom: 16 }} title={t('calendar.form.problems')}
          description={<ul style={{ margin: 0 }}>{unplaced.map((p) => <li key={p.key}>{p.text}</li>)}</ul>}
        />
      )}
      <Form<NoticeFormValues> form={form} layout="vertical" initialValues={props.initial} onFinish={(values) => void submit(values)} data-testid="calendar-form">
        <Form.Item name="year" label={t('calendar.form.year')} rules={[{ required: true, message: t('calendar.form.yearRequired') }]}>
          <InputNumber min={2000} max={2100} precision={0} disabled={props.amending} data-testid="calendar-form-year" />
        </Form.Item>

        <Form.List name="notices" rules={[atLeastOne(t('calendar.rules.notice.required'))]}>
          {(fields, { add, remove: removeAt }, { errors }) => (
            <Form.Item label={t('calendar.form.notices')} required>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="start" data-testid={`calendar-notice-${field.name}`}>
                  <Form.Item name={field.name} style={{ flex: 1, marginBottom: 8 }} rules={[{ required: true, whitespace: true, message: t('calendar.form.noticeRequired') }]}>
                    <Input maxLength={200} placeholder={t('calendar.form.noticePlaceholder')} />
                  </Form.Item>
                  {fields.length > 1 && remove(() => removeAt(field.name))}
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} disabled={fields.length >= MAX_NOTICES} onClick={() => add('')}>{t('calendar.form.addNotice')}</Button>
              <Form.ErrorList errors={errors} />
            </Form.Item>
          )}
        </Form.List>

        <Form.List name="holidays" rules={[atLeastOne(t('calendar.rules.holiday.required'))]}>
          {(fields, { add, remove: removeAt }, { errors }) => (
            <Form.Item label={t('calendar.form.holidays')} required>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="start" data-testid={`calendar-holiday-${field.name}`}>
                  <Form.Item name={[field.name, 'name']} style={{ width: 160, marginBottom: 8 }} rules={[{ required: true, whitespace: true, message: t('calendar.form.nameRequired') }]}>
                    <Input maxLength={40} placeholder={t('calendar.form.holidayName')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'range']} style={{ flex: 1, marginBottom: 8 }} rules={[{ required: true, message: t('calendar.form.rangeRequired') }]}>
                    <DatePicker.RangePicker format={DATE_FORMAT} style={{ width: '100%' }} />
                  </Form.Item>
                  {remove(() => removeAt(field.name))}
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} disabled={fields.length >= MAX_ROWS} data-testid="calendar-add-holiday" onClick={() => add({ name: '', range: null })}>
                {t('calendar.form.addHoliday')}
              </Button>
              <Form.ErrorList errors={errors} />
            </Form.Item>
          )}
        </Form.List>

        <Form.List name="workdays">
          {(fields, { add, remove: removeAt }) => (
            <Form.Item label={t('calendar.form.workdays')}>
              <Flex wrap gap={8}>
                {fields.map((field) => (
                  <Flex key={field.key} gap={4} align="start" data-testid={`calendar-workday-${field.name}`}>
                    <Form.Item name={field.name} style={{ marginBottom: 8 }} rules={[{ required: true, message: t('calendar.form.dateRequired') }]}>
                      <DatePicker format={DATE_FORMAT} placeholder={t('calendar.form.workdayPlaceholder')} />
                    </Form.Item>
                    {remove(() => removeAt(field.name))}
                  </Flex>
                ))}
              </Flex>
              <Button type="dashed" icon={<PlusOutlined />} disabled={fields.length >= MAX_ROWS} data-testid="calendar-add-workday" onClick={() => add(null)}>
                {t('calendar.form.addWorkday')}
              </Button>
            </Form.Item>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

/** A list rule: at least one row. */
function atLeastOne(message: string) {
  return {
    validator: async (_: unknown, rows: unknown[] | undefined) => {
      if (!rows || rows.length === 0) throw new Error(message);
    },
  };
}
