import { Form, Input, InputNumber, Select, Switch, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FormSchema } from './flow-api.ts';

/**
 * The fields of a task's JSON Schema form as antd form items: booleans as switches, numbers as
 * number inputs, enums as selects, strings as text (long ones as text areas). Labels are the
 * schema's titles; the server validates the same schema again.
 */
export function SchemaForm({ schema, form, onFinish }: { schema: FormSchema | null; form: FormInstance; onFinish: (values: Record<string, unknown>) => void }) {
  const { t } = useTranslation();
  const properties = Object.entries(schema?.properties ?? {});
  const required = new Set(schema?.required ?? []);
  const initial = Object.fromEntries(properties.filter(([, p]) => p.type === 'boolean').map(([name]) => [name, false]));
  return (
    <Form form={form} layout="vertical" initialValues={initial} onFinish={(values: Record<string, unknown>) => onFinish(Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== '')))} data-testid="task-form">
      {properties.length === 0 && <p>{t('flow.inbox.noForm')}</p>}
      {properties.map(([name, p]) => {
        const type = Array.isArray(p.type) ? p.type.find((x) => x !== 'null') : p.type;
        const rules = required.has(name) && type !== 'boolean' ? [{ required: true, message: t('flow.inbox.fieldRequired') }] : [];
        const label = p.title ?? name;
        if (type === 'boolean')
          return <Form.Item key={name} name={name} label={label} valuePropName="checked"><Switch data-testid={`field-${name}`} /></Form.Item>;
        if (p.enum)
          return <Form.Item key={name} name={name} label={label} rules={rules}><Select data-testid={`field-${name}`} options={p.enum.map((v) => ({ value: String(v), label: String(v) }))} /></Form.Item>;
        if (type === 'integer' || type === 'number')
          return <Form.Item key={name} name={name} label={label} rules={rules}><InputNumber data-testid={`field-${name}`} min={p.minimum} max={p.maximum} precision={type === 'integer' ? 0 : undefined} style={{ width: 200 }} /></Form.Item>;
        const long = (p.maxLength ?? 0) > 100;
        return (
          <Form.Item key={name} name={name} label={label} rules={[...rules, ...(p.minLength ? [{ min: p.minLength, message: t('flow.inbox.tooShort', { count: p.minLength }) }] : [])]}>
            {long ? <Input.TextArea data-testid={`field-${name}`} rows={3} maxLength={p.maxLength} /> : <Input data-testid={`field-${name}`} maxLength={p.maxLength} />}
          </Form.Item>
        );
      })}
    </Form>
  );
}
