{{/* Names: every object is <release>-<service>, labelled the Kubernetes way. */}}
{{- define "hyperstudy.fullname" -}}
{{- printf "%s-%s" .root.Release.Name .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "hyperstudy.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "hyperstudy.labels" -}}
{{ include "hyperstudy.selectorLabels" . }}
app.kubernetes.io/part-of: hyperstudy
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* The image of a service: its own digest, else its own tag, else the release's tag; -jvm or -native. */}}
{{- define "hyperstudy.image" -}}
{{- $img := .values.image -}}
{{- $repo := printf "%s/%s" .root.Values.image.repository .name -}}
{{- if $img.digest -}}
{{- printf "%s@%s" $repo $img.digest -}}
{{- else -}}
{{- printf "%s:%s-%s" $repo (default .root.Values.image.tag $img.tag) .root.Values.image.flavor -}}
{{- end -}}
{{- end -}}

{{/* The in-cluster URL of a service's Service. */}}
{{- define "hyperstudy.url" -}}
{{- printf "http://%s:%v" (include "hyperstudy.fullname" .) .port -}}
{{- end -}}

{{/* Variables every service reads: staff OIDC, the proxies it trusts, logging. */}}
{{- define "hyperstudy.commonEnv" -}}
- name: QUARKUS_OIDC_AUTH_SERVER_URL
  value: {{ required "oidc.authServerUrl is required (the staff OIDC issuer)" .Values.oidc.authServerUrl | quote }}
- name: HYPERSTUDY_OIDC_AUDIENCE
  value: {{ .Values.oidc.audience | quote }}
- name: HYPERSTUDY_ROLE_CLAIM_PATH
  value: {{ .Values.oidc.roleClaimPath | quote }}
- name: HYPERSTUDY_TRUSTED_PROXIES
  value: {{ .Values.trustedProxies | quote }}
{{- end -}}

{{- define "hyperstudy.kafkaEnv" -}}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ required "kafka.bootstrapServers is required" .Values.kafka.bootstrapServers | quote }}
{{- end -}}

{{- define "hyperstudy.redisEnv" -}}
- name: QUARKUS_REDIS_HOSTS
{{- if .Values.secrets.redis.name }}
  valueFrom:
    secretKeyRef:
      name: {{ .Values.secrets.redis.name }}
      key: {{ .Values.secrets.redis.key }}
{{- else }}
  value: {{ required "redis.hosts (or secrets.redis) is required" .Values.redis.hosts | quote }}
{{- end }}
{{- end -}}

{{- define "hyperstudy.firestoreEnv" -}}
- name: HYPERSTUDY_FIRESTORE_PROJECT_ID
  value: {{ required "firestore.projectId is required" .Values.firestore.projectId | quote }}
{{- if .Values.firestore.emulatorHost }}
- name: HYPERSTUDY_FIRESTORE_EMULATOR_HOST
  value: {{ .Values.firestore.emulatorHost | quote }}
{{- end }}
{{- if .Values.secrets.googleCredentials.name }}
- name: GOOGLE_APPLICATION_CREDENTIALS
  value: /var/run/secrets/hyperstudy/google/{{ .Values.secrets.googleCredentials.key }}
{{- end }}
{{- end -}}

{{/* Extra variables of a service, name: value. */}}
{{- define "hyperstudy.extraEnv" -}}
{{- range $name, $value := .values.env }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* The Google service account file (Firestore, Cloud Storage), when one is given. */}}
{{- define "hyperstudy.googleMount" -}}
{{- if .Values.secrets.googleCredentials.name }}
- name: google-credentials
  mountPath: /var/run/secrets/hyperstudy/google
  readOnly: true
{{- end }}
{{- end -}}

{{- define "hyperstudy.googleVolume" -}}
{{- if .Values.secrets.googleCredentials.name }}
- name: google-credentials
  secret:
    secretName: {{ .Values.secrets.googleCredentials.name }}
{{- end }}
{{- end -}}
