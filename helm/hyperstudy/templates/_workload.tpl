{{/*
One service's objects: its ServiceAccount (no API token: no service talks to Kubernetes), its Service, its
Deployment (or, for sync-service, StatefulSet with a headless Service), HPA and PodDisruptionBudget.
Arguments (a dict): root, name, values, port, kind (Deployment or StatefulSet), env (YAML list),
volumes and volumeMounts (YAML lists, optional).
*/}}
{{- define "hyperstudy.workload" -}}
{{- $fullname := include "hyperstudy.fullname" . -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "hyperstudy.labels" . | nindent 4 }}
automountServiceAccountToken: false
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "hyperstudy.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "hyperstudy.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .port }}
      targetPort: http
    - name: management
      port: 9000
      targetPort: management
{{- if eq .kind "StatefulSet" }}
---
# stable DNS names per pod (<pod>.<this service>): the address each sync pod registers for the gateway
apiVersion: v1
kind: Service
metadata:
  name: {{ $fullname }}-pods
  labels:
    {{- include "hyperstudy.labels" . | nindent 4 }}
spec:
  clusterIP: None
  publishNotReadyAddresses: true
  selector:
    {{- include "hyperstudy.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .port }}
      targetPort: http
{{- end }}
---
apiVersion: apps/v1
kind: {{ .kind }}
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "hyperstudy.labels" . | nindent 4 }}
spec:
  {{- if not (and .values.autoscaling .values.autoscaling.enabled) }}
  replicas: {{ .values.replicas }}
  {{- end }}
  {{- if eq .kind "StatefulSet" }}
  serviceName: {{ $fullname }}-pods
  # pods start and stop together: rooms move by their leases, not by the pods' order
  podManagementPolicy: Parallel
  {{- end }}
  selector:
    matchLabels:
      {{- include "hyperstudy.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "hyperstudy.labels" . | nindent 8 }}
      {{- with .values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      serviceAccountName: {{ $fullname }}
      automountServiceAccountToken: false
      {{- with .root.Values.image.pullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      {{- if .values.terminationGracePeriodSeconds }}
      terminationGracePeriodSeconds: {{ .values.terminationGracePeriodSeconds }}
      {{- end }}
      securityContext:
        runAsNonRoot: true
        runAsUser: 1001
        runAsGroup: 1001
        fsGroup: 1001
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: {{ .name }}
          image: {{ include "hyperstudy.image" . | quote }}
          imagePullPolicy: {{ .root.Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ .port }}
            - name: management
              containerPort: 9000
          env:
            - name: QUARKUS_HTTP_PORT
              value: {{ .port | quote }}
            - name: QUARKUS_HTTP_HOST
              value: "0.0.0.0"
            {{- if eq .root.Values.image.flavor "jvm" }}
            # the JVM sizes its heap from the container's limit
            - name: JAVA_OPTS_APPEND
              value: "-XX:+UseSerialGC"
            {{- end }}
            {{- include "hyperstudy.commonEnv" .root | nindent 12 }}
            {{- .env | nindent 12 }}
            {{- with include "hyperstudy.extraEnv" . | trim }}
            {{- . | nindent 12 }}
            {{- end }}
          {{- with .values.envFrom }}
          envFrom:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          # health is on the management interface only (never the public port)
          startupProbe:
            httpGet:
              path: /q/health/started
              port: management
            periodSeconds: 2
            failureThreshold: 60
          livenessProbe:
            httpGet:
              path: /q/health/live
              port: management
            periodSeconds: 10
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: /q/health/ready
              port: management
            periodSeconds: 5
            failureThreshold: 3
          resources:
            {{- toYaml .values.resources | nindent 12 }}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            privileged: false
            capabilities:
              drop: ["ALL"]
          volumeMounts:
            # the root filesystem is read-only: Vert.x and the JVM write their temporary files here
            - name: tmp
              mountPath: /tmp
            {{- with .volumeMounts }}
            {{- . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 256Mi
        {{- with .volumes }}
        {{- . | nindent 8 }}
        {{- end }}
      {{- with .values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- if and .values.autoscaling .values.autoscaling.enabled }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "hyperstudy.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: {{ .kind }}
    name: {{ $fullname }}
  minReplicas: {{ .values.autoscaling.minReplicas }}
  maxReplicas: {{ .values.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .values.autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
{{- if .values.pdb.enabled }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "hyperstudy.labels" . | nindent 4 }}
spec:
  {{- if hasKey .values.pdb "maxUnavailable" }}
  maxUnavailable: {{ .values.pdb.maxUnavailable }}
  {{- else }}
  minAvailable: {{ .values.pdb.minAvailable }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "hyperstudy.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}
